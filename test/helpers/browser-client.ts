/**
 * A minimal browser over real HTTP: keeps cookies (per host, as browsers do),
 * follows redirects by hand so every hop can be seen, and sends `Origin` on
 * posts as a browser would from a page of the target origin.
 */

/** One response, with the redirect hops that led to it. */
export interface Page {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** Every URL requested, in order, ending with `url`. */
  readonly hops: readonly string[];
}

export interface RequestOptions {
  /** Stop after this many redirects (0: do not follow). Default 10. */
  readonly maxRedirects?: number;
  /** `Origin` for a POST; default the target's own origin. `null` sends none. */
  readonly origin?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
}

interface StoredCookie {
  readonly value: string;
  readonly attributes: readonly string[];
}

export class BrowserClient {
  /** host → cookie name → cookie. Cookies ignore ports, as in browsers. */
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  /** `timeoutMs`: how long each request may take; default 5 s. */
  constructor(private readonly settings: { readonly timeoutMs?: number } = {}) {}

  get(url: string, options: RequestOptions = {}): Promise<Page> {
    return this.navigate(url, { method: "GET" }, options);
  }

  /** A form post (`application/x-www-form-urlencoded`). */
  post(url: string, form: Readonly<Record<string, string>> = {}, options: RequestOptions = {}): Promise<Page> {
    const origin = options.origin === undefined ? new URL(url).origin : options.origin;
    return this.navigate(
      url,
      {
        method: "POST",
        body: new URLSearchParams(form).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", ...(origin === null ? {} : { origin }) },
      },
      options,
    );
  }

  /** The value of a cookie set for `url`'s host. */
  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).hostname)?.get(name)?.value;
  }

  /** The Cookie header this browser sends to `url` (empty when none), e.g. to replay a request elsewhere. */
  cookieHeaderFor(url: string): string {
    return this.cookieHeader(url).cookie ?? "";
  }

  /** The attributes (`HttpOnly`, `SameSite=Lax`, …) a cookie was set with. */
  cookieAttributes(url: string, name: string): readonly string[] {
    return this.jar.get(new URL(url).hostname)?.get(name)?.attributes ?? [];
  }

  private async navigate(
    url: string,
    init: { method: string; body?: string; headers?: Record<string, string> },
    options: RequestOptions,
  ): Promise<Page> {
    const hops: string[] = [];
    let current = url;
    let request = init;
    for (let redirects = 0; ; redirects += 1) {
      hops.push(current);
      const response = await fetch(current, {
        method: request.method,
        redirect: "manual",
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 5000),
        headers: { ...request.headers, ...options.headers, ...this.cookieHeader(current) },
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      this.store(current, response.headers.getSetCookie());
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location && redirects < (options.maxRedirects ?? 10)) {
        await response.body?.cancel();
        current = new URL(location, current).toString();
        // 302/303 after a POST become a GET, as browsers do.
        request = { method: "GET" };
        continue;
      }
      return { url: current, status: response.status, headers: response.headers, body: await response.text(), hops };
    }
  }

  private cookieHeader(url: string): Record<string, string> {
    const cookies = this.jar.get(new URL(url).hostname);
    if (!cookies || cookies.size === 0) return {};
    return { cookie: [...cookies].map(([name, { value }]) => `${name}=${value}`).join("; ") };
  }

  private store(url: string, setCookies: readonly string[]): void {
    const host = new URL(url).hostname;
    const cookies = this.jar.get(host) ?? new Map<string, StoredCookie>();
    this.jar.set(host, cookies);
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
      if (expired) cookies.delete(name);
      else cookies.set(name, { value: pair.slice(eq + 1), attributes });
    }
  }
}

/** The visible text of a page: tags dropped, entities of the escaper undone, spaces collapsed. */
export function pageText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
