/**
 * The one way this package talks to Attio: node's http/https client with a
 * deadline, a body-size cap, no redirects, and errors that say which endpoint
 * failed without echoing anything secret.
 *
 * Not `fetch`: its WHATWG streams, Request/Response objects and abort signals
 * cost several times the CPU of everything else a login does here, while node's
 * client, on its global agents (keep-alive since Node 19), does the same work
 * for a fraction of it.
 */
import http from "node:http";
import https from "node:https";
import type { Readable, Transform } from "node:stream";
import { inspect } from "node:util";
import zlib from "node:zlib";
import { AttioRequestError } from "../errors";
import { isRecord } from "../util/json";
import { quotesCredential, redact } from "../util/redact";

/** Attio's bodies are a few kilobytes; anything near this is hostile or broken. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpRequest {
  readonly method: "GET" | "POST";
  readonly url: string;
  /** Names the endpoint in error messages, e.g. "token endpoint". */
  readonly endpoint: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Values that must never reach an error message (tokens, secrets, codes). */
  readonly secrets: readonly string[];
  /** The configured timeout, for messages; the deadline passed to {@link send} enforces it. */
  readonly timeoutMs: number;
}

/** A response's headers, read by name (case-insensitive); `Headers` fits too. */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly text: string;
}

/** Sends `request`, giving up when `deadline` (epoch ms) passes. Never follows redirects. */
export function send(request: HttpRequest, deadline: number): Promise<HttpResponse> {
  const timeoutMs = Math.max(1, deadline - Date.now());
  // Whatever goes wrong, thrown or emitted, reaches the caller as one typed error.
  return new Promise<HttpResponse>((resolve, reject) => exchange(request, timeoutMs, resolve, reject)).catch((err: unknown) => {
    throw transportError(err, request);
  });
}

function exchange(
  request: HttpRequest,
  timeoutMs: number,
  resolve: (response: HttpResponse) => void,
  reject: (err: unknown) => void,
): void {
  const url = new URL(request.url);
  const client = url.protocol === "http:" ? http : https;
  const body = request.body === undefined ? undefined : Buffer.from(request.body, "utf8");
  const headers = { "user-agent": "passport-attio", ...request.headers, ...(body ? { "content-length": String(body.length) } : {}) };
  const req = client.request(url, { method: request.method, headers }, (res) => {
    readCapped(res, request.endpoint).then(
      (text) => settle(null, { status: res.statusCode ?? 0, headers: headerReader(res.headers), text }),
      settle,
    );
  });
  // The deadline covers the whole exchange, body included; it does not keep the process alive.
  const timer = setTimeout(() => settle(timeoutError()), timeoutMs).unref();
  let settled = false;
  function settle(err: unknown, response?: HttpResponse): void {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (response) return resolve(response);
    req.destroy();
    reject(err);
  }
  req.on("error", settle);
  req.end(body);
}

function readCapped(res: http.IncomingMessage, endpoint: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(res.headers["content-length"]) > MAX_RESPONSE_BYTES) return reject(tooLarge(endpoint));
    const body = decoded(res);
    const chunks: Buffer[] = [];
    let size = 0;
    // A missing or lying Content-Length, or a compressed body, must not let a body grow without bound.
    body.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_RESPONSE_BYTES) return void chunks.push(chunk);
      body.destroy();
      reject(tooLarge(endpoint));
    });
    body.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    body.on("error", reject);
    res.on("error", reject);
    // A connection that closes mid-body ends neither in "end" nor always in "error".
    res.on("close", () => {
      if (!res.complete) reject(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    });
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

function timeoutError(): Error {
  return Object.assign(new Error("The deadline passed."), { name: "TimeoutError" });
}

function tooLarge(endpoint: string): AttioRequestError {
  return new AttioRequestError(
    "ATTIO_RESPONSE_TOO_LARGE",
    `Attio's ${endpoint} sent a response larger than ${MAX_RESPONSE_BYTES} bytes; it was discarded.`,
  );
}

function transportError(err: unknown, request: HttpRequest): AttioRequestError {
  if (err instanceof AttioRequestError) return err;
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return new AttioRequestError("ATTIO_TIMEOUT", `Attio's ${request.endpoint} did not answer within ${request.timeoutMs} ms.`, {
      cause: err,
    });
  }
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
