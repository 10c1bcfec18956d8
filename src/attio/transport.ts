/**
 * The one way this package talks to Attio: node's http/https client with a
 * deadline, a body-size cap, no redirects, and errors that say which endpoint
 * failed without echoing anything secret.
 *
 * Not `fetch`: its WHATWG streams, Request/Response objects and abort signals
 * cost several times the CPU of everything else a login does here, while node's
 * client, on a keep-alive agent, does the same work for a fraction of it.
 */
import http, { Agent } from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import type { Readable, Transform } from "node:stream";
import { inspect } from "node:util";
import zlib from "node:zlib";
import { AttioRequestError } from "../errors";
import { isRecord } from "../util/json";
import { quotesCredential, redact } from "../util/redact";
import { canPreconnect, mayHaveSent, wasPreopened } from "./warm-agent";

/** Attio's bodies are a few kilobytes; anything near this is hostile or broken. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** When a request must have been answered by, and the timeout that set it (for messages). */
export interface Deadline {
  readonly at: number;
  readonly timeoutMs: number;
}

/** The deadline `timeoutMs` from now. */
export function deadlineIn(timeoutMs: number): Deadline {
  return { at: Date.now() + timeoutMs, timeoutMs };
}

/**
 * Where a request goes, taken apart once: an endpoint is fixed when the strategy
 * is built, and handing node's client a URL makes it convert one for every request.
 */
export interface Target {
  /** The URL, for the agent's warm connections (their pool is per origin). */
  readonly url: URL;
  readonly options: {
    readonly protocol: string;
    readonly hostname: string;
    readonly port: string;
    readonly path: string;
    readonly auth?: string;
  };
}

/** `url` as a {@link Target}, taken apart the way node's client would take it. */
export function targetOf(url: URL): Target {
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const auth = url.username || url.password ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {};
  return { url, options: { protocol: url.protocol, hostname, port: url.port, path: `${url.pathname}${url.search}`, ...auth } };
}

/** The target `path` (no dot segments, nothing to escape) under `base`'s path; `base`'s query, if any, is dropped. */
export function targetUnder(base: Target, path: string): Target {
  const prefix = base.url.pathname.endsWith("/") ? base.url.pathname : `${base.url.pathname}/`;
  return { url: base.url, options: { ...base.options, path: `${prefix}${path}` } };
}

export interface HttpRequest {
  readonly method: "GET" | "POST";
  readonly target: Target;
  /** Names the endpoint in error messages, e.g. "token endpoint". */
  readonly endpoint: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Values that must never reach an error message (tokens, secrets, codes). */
  readonly secrets: readonly string[];
  /** Covers the whole exchange, a retry included. */
  readonly deadline: Deadline;
  /** The agent that carries it (a proxy agent, or one with a custom CA). */
  readonly agent: Agent;
}

/** A response's headers, read by name (case-insensitive). */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly text: string;
}

/** Sends `request`, giving up when its deadline passes. Never follows redirects. */
export function send(request: HttpRequest): Promise<HttpResponse> {
  return exchange(request, true);
}

/** How the request's socket came to it, for deciding whether a failure may be retried. */
interface SocketUse {
  readonly socket: Socket;
  /** Kept alive from an earlier request, or opened ahead of this one: the server may have closed it meanwhile. */
  readonly idleBefore: boolean;
  /** The server had already closed it when the request got it: nothing written to it can have arrived. */
  readonly endedBefore: boolean;
}

function exchange(request: HttpRequest, mayRetry: boolean): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    // Whatever goes wrong, thrown (node refuses a header value) or emitted, reaches the caller as one typed error.
    try {
      start(request, mayRetry, resolve, (err) => reject(transportError(err, request)));
    } catch (err) {
      reject(transportError(err, request));
    }
  });
}

function start(
  request: HttpRequest,
  mayRetry: boolean,
  resolve: (response: HttpResponse | Promise<HttpResponse>) => void,
  reject: (err: unknown) => void,
): void {
  const { options } = request.target;
  const client = options.protocol === "http:" ? http : https;
  // The body stays a string: node then sends it in one write with the headers, where a Buffer costs a writev.
  const body = request.body;
  const headers: Record<string, string> = { "user-agent": "passport-attio", ...request.headers };
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body, "utf8"));
  let use: SocketUse | undefined;
  let responded = false;
  const req = client.request({ ...options, method: request.method, headers, agent: request.agent }, (res) => {
    responded = true;
    readCapped(res, request.endpoint, (err, text) =>
      err ? settle(err) : settle(null, { status: res.statusCode ?? 0, headers: headerReader(res.headers), text }),
    );
  });
  req.once("socket", (socket: Socket) => {
    use = { socket, idleBefore: req.reusedSocket || wasPreopened(socket), endedBefore: socket.readableEnded || socket.destroyed };
  });
  // The deadline covers the whole exchange, body included; it does not keep the process alive.
  const timer = setTimeout(() => settle(timeoutError(request)), Math.max(1, request.deadline.at - Date.now())).unref();
  let settled = false;
  function settle(err: unknown, response?: HttpResponse): void {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (response) return resolve(response);
    req.destroy();
    if (mayRetry && !responded && use && isStaleConnection(err, use, request)) return resolve(retry(request));
    reject(err);
  }
  req.on("error", settle);
  req.end(body, "utf8");
}

/**
 * Node's documented `reusedSocket` case: a connection the server closed while it
 * sat idle fails the next request sent on it. A GET is then sent again; a POST
 * (the token request: a code is single-use) only when it cannot have reached the
 * server, because the connection had been closed, or never finished connecting.
 */
function isStaleConnection(err: unknown, use: SocketUse, request: HttpRequest): boolean {
  const code = isRecord(err) ? err["code"] : undefined;
  if (!use.idleBefore || (code !== "ECONNRESET" && code !== "EPIPE")) return false;
  return request.method === "GET" || use.endedBefore || !mayHaveSent(use.socket);
}

/** The one retry, on a fresh connection: the idle ones to that origin are suspect too. */
async function retry(request: HttpRequest): Promise<HttpResponse> {
  if (canPreconnect(request.agent)) await request.agent.dropIdle(request.target.url);
  return exchange(request, false);
}

/** Reads the body up to {@link MAX_RESPONSE_BYTES}; `done` may be called more than once (the first call counts). */
function readCapped(res: http.IncomingMessage, endpoint: string, done: (err: unknown, text: string) => void): void {
  if (Number(res.headers["content-length"]) > MAX_RESPONSE_BYTES) return done(tooLarge(endpoint), "");
  const body = decoded(res);
  const chunks: Buffer[] = [];
  let size = 0;
  // A missing or lying Content-Length, or a compressed body, must not let a body grow without bound.
  body.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_RESPONSE_BYTES) return void chunks.push(chunk);
    body.destroy();
    done(tooLarge(endpoint), "");
  });
  body.on("end", () => done(null, Buffer.concat(chunks).toString("utf8")));
  body.on("error", (err) => done(err, ""));
  res.on("error", (err) => done(err, ""));
  // A connection that closes mid-body ends neither in "end" nor always in "error".
  res.on("close", () => {
    if (!res.complete) done(Object.assign(new Error("aborted"), { code: "ECONNRESET" }), "");
  });
}

/** Decoders for the encodings a server may use even unasked (no Accept-Encoding is sent). */
const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: () => zlib.createGunzip(),
  "x-gzip": () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** The body as sent, decompressed when the response says it is compressed, so the size cap counts what will be parsed. */
function decoded(res: http.IncomingMessage): Readable {
  const decoder =
    DECODERS[
      String(res.headers["content-encoding"] ?? "")
        .trim()
        .toLowerCase()
    ];
  return decoder ? res.pipe(decoder()) : res;
}

function headerReader(headers: http.IncomingHttpHeaders): ResponseHeaders {
  return {
    get(name: string): string | null {
      const value = headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

function timeoutError(request: HttpRequest): AttioRequestError {
  return new AttioRequestError("ATTIO_TIMEOUT", `Attio's ${request.endpoint} did not answer within ${request.deadline.timeoutMs} ms.`);
}

function tooLarge(endpoint: string): AttioRequestError {
  return new AttioRequestError(
    "ATTIO_RESPONSE_TOO_LARGE",
    `Attio's ${endpoint} sent a response larger than ${MAX_RESPONSE_BYTES} bytes; it was discarded.`,
  );
}

function transportError(err: unknown, request: HttpRequest): AttioRequestError {
  if (err instanceof AttioRequestError) return err;
  const reason = networkReason(err);
  return new AttioRequestError(
    "ATTIO_NETWORK_ERROR",
    redact(`Could not reach Attio's ${request.endpoint}${reason ? ` (${reason})` : ""}.`, request.secrets),
    { cause: safeCause(err, request.secrets) },
  );
}

/**
 * The underlying error, unless it quotes a secret (in any encoding, or in part) anywhere in its chain (an HTTP
 * layer may quote a header value it refuses, Authorization included): then a
 * redacted stand-in, since apps log errors with their causes.
 */
function safeCause(err: unknown, secrets: readonly string[]): unknown {
  if (!quotesCredential(inspect(err, { depth: 8 }), secrets)) return err;
  const name = err instanceof Error ? err.name : "Error";
  return Object.assign(new Error(redact(err instanceof Error ? err.message : String(err), secrets)), { name });
}

/** The socket error's code (ECONNRESET, ENOTFOUND…): on the error itself, or on its `cause` when wrapped. */
function networkReason(err: unknown): string | undefined {
  for (const candidate of [err, err instanceof Error ? err.cause : undefined]) {
    if (isRecord(candidate) && typeof candidate["code"] === "string") return candidate["code"].slice(0, 40);
  }
  return undefined;
}
