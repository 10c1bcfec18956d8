/**
 * The one way this package talks to Attio: `fetch` with a deadline, a body-size
 * cap, no redirects, and errors that say which endpoint failed without echoing
 * anything secret.
 */
import { inspect } from "node:util";
import { AttioErrorBody, AttioRequestError } from "../errors";
import { isRecord } from "../json";
import { redact } from "../redact";

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

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Sends `request`, giving up when `deadline` (epoch ms) passes. Never follows redirects. */
export async function send(request: HttpRequest, deadline: number): Promise<HttpResponse> {
  const signal = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      redirect: "manual",
      signal,
    });
    const text = await readCapped(response, request.endpoint);
    return { status: response.status, headers: response.headers, text };
  } catch (err) {
    throw transportError(err, request);
  }
}

async function readCapped(response: Response, endpoint: string): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw tooLarge(endpoint);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // A missing or lying Content-Length must not let a body grow without bound.
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES) throw tooLarge(endpoint);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
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
 * The underlying error, unless it quotes a secret anywhere in its chain (fetch
 * quotes a header value it refuses, Authorization included): then a redacted
 * stand-in, since apps log errors with their causes.
 */
function safeCause(err: unknown, secrets: readonly string[]): unknown {
  const text = inspect(err, { depth: 8 });
  if (!secrets.some((secret) => secret.length >= 8 && text.includes(secret))) return err;
  const name = err instanceof Error ? err.name : "Error";
  return Object.assign(new Error(redact(err instanceof Error ? err.message : String(err), secrets)), { name });
}

/** The socket error's code (ECONNRESET, ENOTFOUND…): fetch puts it on `cause`, some layers on the error itself. */
function networkReason(err: unknown): string | undefined {
  for (const candidate of [err, err instanceof Error ? err.cause : undefined]) {
    if (isRecord(candidate) && typeof candidate["code"] === "string") return candidate["code"].slice(0, 40);
  }
  return undefined;
}

/** Parses a body that must be JSON, or explains that it was not. */
export function parseJson(response: HttpResponse, endpoint: string): unknown {
  try {
    return JSON.parse(response.text);
  } catch (err) {
    const type = response.headers.get("content-type") ?? "no content type";
    throw new AttioRequestError(
      "ATTIO_RESPONSE_NOT_JSON",
      `Attio's ${endpoint} answered HTTP ${response.status} with a body that is not JSON (${redact(type, []).slice(0, 60)}).`,
      { status: response.status, cause: err },
    );
  }
}

/**
 * Reads Attio's `{status_code, type, code, message}` error body, if that is what
 * came back. The error keeps it, and apps log errors whole, so its text goes
 * through the same redaction as the message: an error page that quotes the
 * request must not carry the token or client secret into a log.
 */
export function readAttioErrorBody(text: string, secrets: readonly string[]): AttioErrorBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(json)) return undefined;
  const pick = (key: string): string | undefined => (typeof json[key] === "string" ? redact(json[key], secrets) : undefined);
  const statusCode = typeof json["status_code"] === "number" ? json["status_code"] : undefined;
  const body = { statusCode, type: pick("type"), code: pick("code"), message: pick("message") };
  return Object.values(body).some((value) => value !== undefined) ? body : undefined;
}

/**
 * Milliseconds to wait from a `Retry-After` header: Attio sends an HTTP-date,
 * RFC 9110 also allows delay-seconds. Undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error for an HTTP status Attio should not have answered with. */
export function statusError(response: HttpResponse, request: HttpRequest): AttioRequestError {
  const attio = readAttioErrorBody(response.text, request.secrets);
  const detail = attio?.message ? `: ${attio.message}` : ".";
  if (response.status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    return new AttioRequestError("ATTIO_RATE_LIMITED", `Attio's ${request.endpoint} is rate limiting requests (HTTP 429)${detail}`, {
      status: 429,
      attio,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  return new AttioRequestError("ATTIO_HTTP_ERROR", `Attio's ${request.endpoint} answered HTTP ${response.status}${detail}`, {
    status: response.status,
    attio,
  });
}
