/** Reading Attio's answers: JSON bodies, error bodies, Retry-After, and the error for an unexpected status. */
import { AttioErrorBody, AttioRequestError } from "../errors";
import { isRecord, parseJsonOrUndefined, parseSafeJson } from "../util/json";
import { redact } from "../util/redact";
import type { HttpRequest, HttpResponse } from "./transport";

/** Parses a body that must be JSON, or explains that it was not. */
export function parseJson(response: HttpResponse, endpoint: string): unknown {
  try {
    return parseSafeJson(response.text);
  } catch {
    // No cause: V8's SyntaxError quotes the body, which may hold a token or the verifier.
    const type = response.headers.get("content-type") ?? "no content type";
    throw new AttioRequestError(
      "ATTIO_RESPONSE_NOT_JSON",
      `Attio's ${endpoint} answered HTTP ${response.status} with a body that is not JSON (${redact(type, []).slice(0, 60)}).`,
      { status: response.status },
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
  const json = parseJsonOrUndefined(text);
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
