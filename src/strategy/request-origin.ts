/**
 * The origin (`https://host:port`) a request was made to, as the framework that
 * received it sees it, for resolving a relative `callbackURL`. passport-oauth2
 * reads Express's `req.connection`, which Fastify's request does not have.
 */
import type { IncomingHttpHeaders } from "node:http";

/** What a request of Express, Fastify, Koa (koa-passport) or plain Node offers; every part optional. */
interface RequestLike {
  readonly headers?: IncomingHttpHeaders;
  readonly socket?: { readonly encrypted?: unknown; readonly remoteAddress?: unknown } | null;
  readonly connection?: { readonly encrypted?: unknown; readonly remoteAddress?: unknown } | null;
  readonly app?: { readonly get?: unknown };
  /** Fastify's request: Node's request, and `protocol` and `host` as its `trustProxy` setting makes them. */
  readonly raw?: unknown;
  readonly protocol?: unknown;
  readonly host?: unknown;
  readonly originalUrl?: unknown;
  readonly url?: unknown;
}

/** A host as a browser sends it: a name or IPv4 address, or a bracketed IPv6 address, and maybe a port. */
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** An absolute URL: a scheme, then a colon. */
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Relative callback URLs resolved per origin: one that starts with a slash
 * depends on the origin alone, and every login resolves one twice (redirect and
 * callback). Bounded, since the origin comes from the request's Host header.
 */
const resolvedUnderOrigin = new Map<string, string | undefined>();
const MAX_RESOLVED = 256;

/**
 * `callbackURL` as passport-oauth2 should send it: unchanged when absolute,
 * resolved against the request's URL when relative; undefined when it is
 * relative and the request names no usable host.
 */
export function absoluteCallbackURL(callbackURL: string, request: unknown, proxy: boolean): string | undefined {
  if (ABSOLUTE.test(callbackURL)) return callbackURL;
  const target = requestTarget(request, proxy);
  if (target === undefined) return undefined;
  // A slash (or a backslash, which a browser reads as one) starts a path or a host: the request's path and query do not matter.
  if (!callbackURL.startsWith("/") && !callbackURL.startsWith("\\")) return resolve(callbackURL, `${target.origin}${target.path}`);
  const key = `${target.origin} ${callbackURL}`;
  if (resolvedUnderOrigin.has(key)) return resolvedUnderOrigin.get(key);
  const resolved = resolve(callbackURL, target.origin);
  if (resolvedUnderOrigin.size >= MAX_RESOLVED) resolvedUnderOrigin.clear();
  resolvedUnderOrigin.set(key, resolved);
  return resolved;
}

function resolve(reference: string, base: string): string | undefined {
  try {
    return new URL(reference, base).href;
  } catch {
    // A port past 65535 or a malformed IPv6 address: the pattern lets a few through.
    return undefined;
  }
}

/**
 * The request's origin (`https://host:port`) and path, or undefined when it names
 * no usable host. `proxy: true` trusts `X-Forwarded-Proto` and `X-Forwarded-Host`; so
 * does the framework's own trust-proxy setting (Express's `trust proxy` for the hop
 * the request came from, Koa's `app.proxy`, Fastify's `trustProxy`).
 */
function requestTarget(request: unknown, proxy: boolean): { readonly origin: string; readonly path: string } | undefined {
  const req = (typeof request === "object" && request !== null ? request : {}) as RequestLike;
  const forwarded = proxy || frameworkTrustsProxy(req);
  const host = (forwarded ? firstValue(req.headers?.["x-forwarded-host"]) : undefined) ?? fastifyValue(req, "host") ?? req.headers?.host;
  if (typeof host !== "string" || !HOST.test(host)) return undefined;
  const path = typeof req.originalUrl === "string" ? req.originalUrl : typeof req.url === "string" ? req.url : "/";
  return { origin: `${protocolOf(req, forwarded)}://${host}`, path: path.startsWith("/") ? path : "/" };
}

function protocolOf(req: RequestLike, forwarded: boolean): "http" | "https" {
  const claimed = forwarded ? firstValue(req.headers?.["x-forwarded-proto"])?.toLowerCase() : undefined;
  if (claimed === "https" || claimed === "http") return claimed;
  const fastify = fastifyValue(req, "protocol");
  if (fastify === "https" || fastify === "http") return fastify;
  return (req.socket ?? req.connection)?.encrypted === true ? "https" : "http";
}

/**
 * Express's `trust proxy` decides for the address the request came from (its
 * compiled `trust proxy fn`); koa-passport maps `trust proxy` to Koa's `app.proxy`.
 */
function frameworkTrustsProxy(req: RequestLike): boolean {
  const app = req.app;
  if (typeof app?.get !== "function") return false;
  const get = (key: string): unknown => (app.get as (key: string) => unknown).call(app, key);
  const trustFn = get("trust proxy fn");
  if (typeof trustFn === "function") return trustFn((req.socket ?? req.connection)?.remoteAddress, 0) === true;
  return Boolean(get("trust proxy"));
}

/** Fastify works out `protocol` and `host` itself, honouring its `trustProxy` option. */
function fastifyValue(req: RequestLike, key: "protocol" | "host"): string | undefined {
  if (typeof req.raw !== "object" || req.raw === null) return undefined;
  const value = req[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The first of a comma-separated header's values: the client's side of the first proxy. */
function firstValue(header: string | string[] | undefined): string | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.split(",")[0]?.trim();
  return value === "" ? undefined : value;
}
