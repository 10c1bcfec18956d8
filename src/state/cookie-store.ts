/** CookieStateStore: login state and the PKCE verifier in a sealed cookie, no server session needed. */
import { createHash, KeyObject, randomBytes, timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import { AttioConfigError } from "../errors";
import { isRecord, parseJsonOrUndefined } from "../util/json";
import { AttioCallbackFailureCode, FAILURE_MESSAGES } from "../strategy/failures";
import type { AttioStateStore, StateStoreStoreCallback, StateStoreVerifyCallback } from "./state-store";
import { appendSetCookie, readCookies, RequestCookie } from "./cookies";
import { HeaderTarget, responseOf } from "./response";
import { CookieStateStoreOptions, ResolvedCookieOptions, resolveCookieOptions } from "./options";
import { cookiesOverBudget, sharedPath } from "./cookie-budget";
import { deriveKeyIds, deriveKeys, open, seal } from "./seal";

/** A key, and the id a cookie sealed with it names it by (before a dot). */
interface SealKey {
  readonly id: string;
  readonly key: KeyObject;
}

/** Why a cookie did not open: sealed with a key this instance lacks, or altered (or for another app). */
type OpenFailure = "unknown-key" | "invalid";
import { UsedHandles } from "./used-handles";

/** Longest sealed cookie value; browsers keep about 4096 bytes per cookie, name included. */
const MAX_COOKIE_VALUE = 3800;
/** Used handles remembered per process (about 100 bytes each). */
const USED_HANDLES_CAPACITY = 100_000;

/** What the cookie holds, sealed: the state handle, the PKCE verifier, the app's state, the expiry. */
interface Payload {
  readonly h: string;
  readonly v?: string;
  readonly s?: unknown;
  readonly x: number;
  /** The cookie's Path, so it can be deleted wherever it is seen (absent in cookies sealed before it was recorded). */
  readonly p?: string;
}

/** The parts of passport-oauth2's `meta` the store reads. */
interface Meta {
  readonly callbackPath: string;
  /** Binds a cookie to one app at one provider, so another app's cookie never opens here. */
  readonly binding: string;
  readonly callbackIsHttps: boolean;
}

/** Why a callback's state was refused; each reads well as a failure message. */
const MESSAGES = {
  noState: FAILURE_MESSAGES.ATTIO_STATE_MISSING,
  missing: FAILURE_MESSAGES.ATTIO_STATE_UNKNOWN,
  invalid: "The sign-in state cookie could not be verified (it was altered, or sealed with another secret). Please sign in again.",
  unknownKey:
    "The sign-in state cookie was sealed with a secret this server does not have: during a rotation, every server must read a new secret before any seals with it. Please sign in again.",
  replayed: FAILURE_MESSAGES.ATTIO_STATE_REPLAYED,
} as const;

/** Each refusal's stable code (see AttioFailure). */
const CODES: Readonly<Record<keyof typeof MESSAGES | "expired", AttioCallbackFailureCode>> = {
  noState: "ATTIO_STATE_MISSING",
  missing: "ATTIO_STATE_UNKNOWN",
  invalid: "ATTIO_STATE_INVALID",
  unknownKey: "ATTIO_STATE_KEY_UNKNOWN",
  replayed: "ATTIO_STATE_REPLAYED",
  expired: "ATTIO_STATE_EXPIRED",
};

/**
 * A passport-oauth2 state store that keeps each login's state handle and PKCE
 * verifier in a cookie sealed with AES-256-GCM, so no server session is needed:
 * JWT-based and serverless apps can use PKCE, and a callback may land on any
 * instance that shares the secret.
 *
 * The cookie is `HttpOnly`, `SameSite=Lax`, `Secure` on https, scoped to the
 * path the login route and the callback URL share, expires after `maxAge`
 * (10 minutes) and is deleted when the callback reads it, so it works once.
 * Each login in flight has its own cookie, so two tabs do not disturb each
 * other; when a login starts, the oldest beyond `maxPending` (or 4 KB in all)
 * go, so a flood cannot block the next sign-in. `hostPrefix: true` names it
 * `__Host-…` (`Path=/`, `Secure`) against cookies planted by a sibling subdomain.
 * A missing, expired, altered, replayed or foreign cookie, or one sealed with a
 * secret this instance lacks, fails authentication with a message saying why.
 *
 * Works with Express (and NestJS on Express), Fastify (@fastify/passport) and
 * Koa (koa-passport): it finds the response from the request each one passes.
 *
 * @example
 * ```ts
 * import { AttioStrategy, CookieStateStore } from "passport-attio";
 *
 * passport.use(new AttioStrategy({
 *   clientID: process.env.ATTIO_CLIENT_ID!,
 *   clientSecret: process.env.ATTIO_CLIENT_SECRET!,
 *   callbackURL: "https://app.example.com/auth/attio/callback",
 *   store: new CookieStateStore({ secret: process.env.STATE_SECRET! }),
 * }, verify));
 * app.get("/auth/attio", passport.authenticate("attio", { session: false }));
 * ```
 */
export class CookieStateStore implements AttioStateStore {
  private readonly options: ResolvedCookieOptions;
  private readonly keys: readonly SealKey[];
  /** Every login cookie's name starts with this, then a dot. */
  private readonly prefix: string;
  private readonly used = new UsedHandles(USED_HANDLES_CAPACITY);

  /** @throws {@link AttioConfigError} for a missing or short secret, or another bad option. */
  constructor(options: CookieStateStoreOptions) {
    this.options = resolveCookieOptions(options);
    const ids = deriveKeyIds(this.options.secrets);
    this.keys = deriveKeys(this.options.secrets).map((key, index) => ({ key, id: ids[index] ?? "" }));
    this.prefix = `${this.options.hostPrefix ? "__Host-" : ""}${this.options.name}`;
  }

  /** Seals a new login's state into a cookie and calls back with its handle (the `state` sent to Attio). */
  store(req: Request, verifier: string | undefined, state: unknown, meta: unknown, callback: StateStoreStoreCallback): void {
    let handle: string;
    try {
      handle = this.saveLogin(req, verifier, state, readMeta(meta));
    } catch (err) {
      return callback(err instanceof Error ? err : new Error(String(err)));
    }
    callback(null, handle);
  }

  /**
   * Opens the cookie named by `providedState`, deletes it, and calls back with
   * the verifier (or `false` and why). passport-oauth2 passes `meta` (the
   * callback URL and client id) because this method declares four parameters;
   * the three-parameter form exists for the {@link AttioStateStore} type only.
   */
  verify(req: Request, providedState: string, callback: StateStoreVerifyCallback): void;
  verify(req: Request, providedState: string, meta: unknown, callback: StateStoreVerifyCallback): void;
  verify(req: Request, providedState: string, metaOrCallback: unknown, maybeCallback?: StateStoreVerifyCallback): void {
    if (typeof maybeCallback !== "function") {
      const callback = metaOrCallback as StateStoreVerifyCallback;
      return callback(
        new AttioConfigError("CookieStateStore: verify needs the `meta` that passport-oauth2 passes (callback URL and client id)."),
      );
    }
    const callback = maybeCallback;
    let outcome: Payload | keyof typeof MESSAGES | "expired";
    try {
      outcome = this.checkLogin(req, providedState, readMeta(metaOrCallback));
    } catch (err) {
      return callback(err instanceof Error ? err : new Error(String(err)));
    }
    if (typeof outcome === "string") return callback(null, false, { message: this.messageFor(outcome), code: CODES[outcome] });
    callback(null, outcome.v ?? true, outcome.s);
  }

  private saveLogin(req: Request, verifier: string | undefined, state: unknown, meta: Meta): string {
    const res = responseFor(req);
    const handle = randomBytes(24).toString("base64url");
    const path = this.options.hostPrefix ? "/" : cookiePath(sharedPath(requestPath(req), meta.callbackPath));
    const payload: Payload = {
      h: handle,
      ...(verifier === undefined ? {} : { v: verifier }),
      ...(state === undefined ? {} : { s: state }),
      x: Date.now() + this.options.maxAgeMs,
      p: path,
    };
    const name = this.cookieName(handle);
    const key = firstKey(this.keys);
    const sealed = `${key.id}.${seal(key.key, serialize(payload), context(name, meta))}`;
    if (sealed.length > MAX_COOKIE_VALUE) {
      throw new AttioConfigError("CookieStateStore: the login state is too large for a cookie; keep the `state` option small.");
    }
    this.makeRoom(req, meta, path, cookieBytes(name, sealed));
    appendSetCookie(res, name, sealed, this.attributes(req, meta, Math.ceil(this.options.maxAgeMs / 1000), path));
    return handle;
  }

  private checkLogin(req: Request, providedState: unknown, meta: Meta): Payload | keyof typeof MESSAGES | "expired" {
    if (typeof providedState !== "string" || providedState === "") return "noState";
    const res = responseFor(req);
    const name = this.cookieName(providedState);
    const cookies = readCookies(req, `${this.prefix}.`);
    this.dropStaleLogins(
      req,
      meta,
      cookies.filter((cookie) => cookie.name !== name),
    );
    const mine = cookies.filter((cookie) => cookie.name === name);
    if (mine.length === 0) return "missing";
    const opened = mine.map((cookie) => this.openCookie(cookie, meta));
    const payload = opened.find((result): result is Payload => typeof result !== "string");
    // Whatever happens next, this login's cookie is spent.
    appendSetCookie(res, name, "", this.attributes(req, meta, 0, this.pathOf(payload, meta)));
    if (payload === undefined) return opened.includes("unknown-key") ? "unknownKey" : "invalid";
    if (!sameText(payload.h, providedState)) return "invalid";
    const now = Date.now();
    if (payload.x <= now) return "expired";
    return this.used.claim(payload.h, payload.x, now) ? payload : "replayed";
  }

  /**
   * Deletes the browser's other login cookies that are unreadable or expired,
   * then the oldest beyond `maxPending`. The cookies are scoped to the callback
   * path, so this happens at a callback: that is where the browser sends them.
   */
  private dropStaleLogins(req: Request, meta: Meta, others: readonly RequestCookie[]): void {
    const res = responseFor(req);
    const now = Date.now();
    const live: { name: string; expires: number; path: string }[] = [];
    for (const cookie of others) {
      const payload = this.openCookie(cookie, meta);
      const path = this.pathOf(typeof payload === "string" ? undefined : payload, meta);
      if (typeof payload !== "string" && payload.x > now) live.push({ name: cookie.name, expires: payload.x, path });
      else appendSetCookie(res, cookie.name, "", this.attributes(req, meta, 0, path));
    }
    live.sort((a, b) => a.expires - b.expires);
    for (const stale of live.slice(0, Math.max(0, live.length - this.options.maxPending))) {
      appendSetCookie(res, stale.name, "", this.attributes(req, meta, 0, stale.path));
    }
  }

  /**
   * Before a new login cookie is set: deletes the browser's unreadable and expired
   * ones, and the oldest beyond `maxPending` or the byte budget (see cookie-budget.ts),
   * so a flood of sign-ins can never make the next one's Cookie header too large.
   */
  private makeRoom(req: Request, meta: Meta, path: string, newBytes: number): void {
    const res = responseFor(req);
    const now = Date.now();
    const held: { name: string; bytes: number; expires: number; path: string }[] = [];
    for (const cookie of readCookies(req, `${this.prefix}.`)) {
      const payload = this.openCookie(cookie, meta);
      if (typeof payload !== "string" && payload.x > now) {
        held.push({
          name: cookie.name,
          bytes: cookieBytes(cookie.name, cookie.value),
          expires: payload.x,
          path: this.pathOf(payload, meta),
        });
      } else {
        appendSetCookie(res, cookie.name, "", this.attributes(req, meta, 0, path));
      }
    }
    for (const dropped of cookiesOverBudget(held, newBytes, this.options.maxPending)) {
      appendSetCookie(res, dropped.name, "", this.attributes(req, meta, 0, dropped.path));
    }
  }

  /** Where a login cookie was set: recorded in it, else (sealed before paths were recorded) the callback's path. */
  private pathOf(payload: Payload | undefined, meta: Meta): string {
    if (this.options.hostPrefix) return "/";
    return payload?.p !== undefined ? cookiePath(payload.p) : meta.callbackPath;
  }

  private openCookie(cookie: RequestCookie, meta: Meta): Payload | OpenFailure {
    const dot = cookie.value.indexOf(".");
    // Without a key id: sealed before ids were written, so any key may open it.
    const keys = dot < 0 ? this.keys : this.keys.filter((key) => key.id === cookie.value.slice(0, dot));
    if (keys.length === 0) return "unknown-key";
    const plaintext = open(
      keys.map((key) => key.key),
      cookie.value.slice(dot + 1),
      context(cookie.name, meta),
    );
    return plaintext === undefined ? "invalid" : (parsePayload(plaintext) ?? "invalid");
  }

  /** One cookie per login; the name is derived from the handle so the handle itself never sits in a cookie. */
  private cookieName(handle: string): string {
    return `${this.prefix}.${createHash("sha256").update(handle).digest("base64url").slice(0, 22)}`;
  }

  private attributes(req: Request, meta: Meta, maxAgeSeconds: number, path: string) {
    // A __Host- cookie is refused by browsers without Secure (and Path=/, no Domain).
    const secure = this.options.hostPrefix || (this.options.secure ?? (req.secure === true || meta.callbackIsHttps));
    return { path, maxAgeSeconds, secure };
  }

  private messageFor(reason: keyof typeof MESSAGES | "expired"): string {
    if (reason !== "expired") return MESSAGES[reason];
    return `The sign-in took longer than ${describeDuration(this.options.maxAgeMs)} and expired. Please sign in again.`;
  }
}

function responseFor(req: Request): HeaderTarget {
  const res = responseOf(req);
  if (res) return res;
  throw new AttioConfigError(
    "CookieStateStore: found no response to set its cookie on (Express's req.res, Koa's ctx.res, or the Node response serving Fastify's request.raw over HTTP/1.1; fastify.inject() has none).",
  );
}

function firstKey(keys: readonly SealKey[]): SealKey {
  const key = keys[0];
  if (key === undefined) throw new AttioConfigError("CookieStateStore: no secret.");
  return key;
}

function serialize(payload: Payload): string {
  try {
    return JSON.stringify(payload);
  } catch (err) {
    throw new AttioConfigError(
      `CookieStateStore: the login's \`state\` option must be JSON (${err instanceof Error ? err.name : "not serializable"}).`,
    );
  }
}

function parsePayload(plaintext: string): Payload | undefined {
  const json = parseJsonOrUndefined(plaintext);
  if (!isRecord(json) || typeof json["h"] !== "string" || typeof json["x"] !== "number") return undefined;
  if (json["v"] !== undefined && typeof json["v"] !== "string") return undefined;
  if (json["p"] !== undefined && typeof json["p"] !== "string") return undefined;
  return json as unknown as Payload;
}

/** The request's path, without the query: the route that starts a login. */
function requestPath(req: Request): string {
  const url = req.originalUrl ?? req.url ?? "/";
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

/** What a cookie takes in the Cookie header: `name=value; `. */
function cookieBytes(name: string, value: string): number {
  return name.length + value.length + 3;
}

function readMeta(meta: unknown): Meta {
  const fields = isRecord(meta) ? meta : {};
  const text = (key: string): string => (typeof fields[key] === "string" ? fields[key] : "");
  const callback = parseUrl(text("callbackURL"));
  return {
    callbackPath: cookiePath(callback?.pathname),
    binding: `${text("clientID")}\n${text("authorizationURL")}`,
    callbackIsHttps: callback?.protocol === "https:",
  };
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** The callback's path, or `/` when it cannot be a cookie attribute as it is. */
function cookiePath(pathname: string | undefined): string {
  return pathname !== undefined && /^\/[\x21-\x3a\x3c-\x7e]*$/.test(pathname) ? pathname : "/";
}

/** What a sealed cookie is bound to besides its key: its own name and the app. */
function context(name: string, meta: Meta): string {
  return `${name}\n${meta.binding}`;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function describeDuration(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? "1 minute" : `${ms / 60_000} minutes`;
  const seconds = Math.ceil(ms / 1000);
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}
