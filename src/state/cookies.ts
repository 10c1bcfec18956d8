/**
 * Just enough of RFC 6265 for the state cookie: read the request's cookies
 * whose name has our prefix, and append Set-Cookie headers to the response.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { HeaderTarget } from "./response";

/** Most cookies of ours looked at in one request; a browser holds a handful. */
const MAX_COOKIES = 64;

/** A cookie as the request carried it. */
export interface RequestCookie {
  readonly name: string;
  readonly value: string;
}

/**
 * The request's cookies whose name starts with `prefix`, in header order.
 * The same name may appear twice (cookies set for different paths or domains).
 */
export function readCookies(req: { readonly headers?: IncomingHttpHeaders }, prefix: string): RequestCookie[] {
  const header = req.headers?.cookie;
  if (typeof header !== "string") return [];
  const found: RequestCookie[] = [];
  for (const pair of header.split(";")) {
    const split = pair.indexOf("=");
    if (split < 0) continue;
    const name = pair.slice(0, split).trim();
    if (!name.startsWith(prefix)) continue;
    found.push({ name, value: unquote(pair.slice(split + 1).trim()) });
    if (found.length === MAX_COOKIES) break;
  }
  return found;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Attributes of a state cookie. `SameSite=Lax` and `HttpOnly` are always set. */
export interface CookieAttributes {
  readonly path: string;
  /** Seconds; 0 deletes the cookie. */
  readonly maxAgeSeconds: number;
  readonly secure: boolean;
}

/** Adds a Set-Cookie header, keeping any the response already has. */
export function appendSetCookie(res: HeaderTarget, name: string, value: string, attributes: CookieAttributes): void {
  const cookie = [
    `${name}=${value}`,
    `Path=${attributes.path}`,
    `Max-Age=${attributes.maxAgeSeconds}`,
    ...(attributes.maxAgeSeconds === 0 ? ["Expires=Thu, 01 Jan 1970 00:00:00 GMT"] : []),
    "HttpOnly",
    "SameSite=Lax",
    ...(attributes.secure ? ["Secure"] : []),
  ].join("; ");
  const existing = res.getHeader("set-cookie");
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader("set-cookie", [...list, cookie]);
}
