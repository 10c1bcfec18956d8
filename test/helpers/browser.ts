/**
 * A browser, as far as cookies go: it keeps what servers set (honouring Path and
 * Max-Age=0 deletion), sends the cookies a request's path matches, and can talk
 * to several servers, like one browser behind a load balancer.
 */
import type { Server } from "node:http";
import request from "supertest";

export interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
  /** The raw Set-Cookie line that set it. */
  readonly raw: string;
}

export type BrowserResponse = request.Response;

export class Browser {
  private readonly jar = new Map<string, StoredCookie>();

  /** `timeoutMs` aborts any request that takes longer (supertest then rejects with `timeout` set). */
  constructor(private readonly timeoutMs?: number) {}

  /** GETs `path` on `server` with this browser's cookies (a `cookie` header given replaces them), and keeps the cookies it sets. */
  get(server: Server, path: string, headers: Readonly<Record<string, string>> = {}): Promise<BrowserResponse> {
    return this.send(request(server).get(path), path, headers);
  }

  /** POSTs a urlencoded `form` body, as a `response_mode=form_post` callback would. */
  post(server: Server, path: string, form: string, headers: Readonly<Record<string, string>> = {}): Promise<BrowserResponse> {
    return this.send(request(server).post(path).type("form").send(form), path, headers);
  }

  private async send(pending: request.Test, path: string, headers: Readonly<Record<string, string>>): Promise<BrowserResponse> {
    const cookie = this.cookieHeader(path);
    let test = pending.redirects(0);
    if (cookie && !Object.keys(headers).some((name) => name.toLowerCase() === "cookie")) test = test.set("Cookie", cookie);
    if (Object.keys(headers).length > 0) test = test.set(headers);
    if (this.timeoutMs !== undefined) test = test.timeout(this.timeoutMs);
    const response = await test;
    this.receive(response.headers["set-cookie"]);
    return response;
  }

  /** The Cookie header this browser sends for `path`. */
  cookieHeader(path: string): string {
    return this.cookies()
      .filter((cookie) => pathMatches(path.split("?")[0] ?? "/", cookie.path))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join("; ");
  }

  /** Every cookie currently kept. */
  cookies(): StoredCookie[] {
    return [...this.jar.values()];
  }

  /** Adds or replaces a cookie by hand (as an attacker or a test might). */
  put(cookie: Omit<StoredCookie, "raw">): void {
    this.jar.set(`${cookie.name}|${cookie.path}`, { ...cookie, raw: "" });
  }

  /** Forgets every cookie. */
  clear(): void {
    this.jar.clear();
  }

  private receive(setCookie: string[] | string | undefined): void {
    for (const raw of setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const [pair = "", ...attributes] = raw.split(";").map((part) => part.trim());
      const split = pair.indexOf("=");
      const name = pair.slice(0, split);
      const path = attributeOf(attributes, "path") ?? "/";
      const key = `${name}|${path}`;
      if (attributeOf(attributes, "max-age") === "0") this.jar.delete(key);
      else this.jar.set(key, { name, value: pair.slice(split + 1), path, raw });
    }
  }
}

function attributeOf(attributes: readonly string[], name: string): string | undefined {
  const found = attributes.find((attribute) => attribute.toLowerCase().startsWith(`${name}=`));
  return found?.slice(name.length + 1);
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}
