/** Small node:http helpers: bounded form bodies, JSON and HTML answers, redirects, Bearer tokens. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Forms posted to the sandbox are a few hundred bytes; anything past this is refused. */
const MAX_FORM_BYTES = 16 * 1024;

/** A request's body as read: its text, cut at 16 KiB when it was longer. */
export interface RequestBody {
  readonly text: string;
  readonly tooLarge: boolean;
}

/** A form body parsed, or why it could not be. */
export type FormResult = { readonly ok: true; readonly form: URLSearchParams } | { readonly ok: false; readonly reason: string };

/** Reads a body of at most 16 KiB; the rest of a longer one is drained unread. */
export async function readBody(req: IncomingMessage): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      req.resume();
      return { text: Buffer.concat(chunks).toString("utf8"), tooLarge: true };
    }
    chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString("utf8"), tooLarge: false };
}

/** Whether the request says its body is `application/x-www-form-urlencoded`. */
export function hasFormBody(req: IncomingMessage): boolean {
  return (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/** The body as an `application/x-www-form-urlencoded` form of at most 16 KiB. */
export function readForm(req: IncomingMessage, body: RequestBody): FormResult {
  if (!hasFormBody(req)) return { ok: false, reason: "The request body must be application/x-www-form-urlencoded." };
  if (body.tooLarge) return { ok: false, reason: "The request body is too large." };
  return { ok: true, form: new URLSearchParams(body.text) };
}

/** One parameter's value, or undefined when absent. */
export function param(params: URLSearchParams, name: string): string | undefined {
  return params.get(name) ?? undefined;
}

/** The name of a parameter given more than once (RFC 6749 §3.1 forbids that), if any. */
export function repeatedParameter(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** Sends a JSON body; never cached, since OAuth answers may hold tokens. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    pragma: "no-cache",
    ...headers,
  });
  res.end(text);
}

/**
 * Sends an HTML page. The consent page may not be framed (clickjacking), runs
 * no script and loads images only from the sandbox itself.
 */
export function sendHtml(res: ServerResponse, status: number, page: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(page),
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
  });
  res.end(page);
}

/** A 302 to `location`, as Attio answers the authorize step. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "cache-control": "no-store", "content-length": 0 });
  res.end();
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

/** Attio's API error body: `{status_code, type, code, message}`. */
export function sendAttioError(res: ServerResponse, status: number, type: string, code: string, message: string): void {
  sendJson(res, status, { status_code: status, type, code, message });
}
