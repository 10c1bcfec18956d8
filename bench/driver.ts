/**
 * The browser side of a login, as a loop: GET /auth/attio, follow the redirect
 * to the sandbox's /authorize, then GET the callback with the session cookie.
 * Connections are kept alive, as a browser would, and counted per host, so the
 * browser's own connections to Attio can be told from the app's.
 */
import http from "node:http";
import type { Socket } from "node:net";

export interface Reply {
  readonly status: number;
  readonly location: string | undefined;
  readonly cookies: readonly string[];
}

export class Browser {
  private readonly agent: http.Agent;
  private readonly seen = new WeakSet<Socket>();
  private readonly opened = new Map<string, number>();

  constructor(concurrency: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  }

  /** GETs `url` and reads the whole answer; rejects when `signal` aborts. */
  get(url: string, cookie?: string, signal?: AbortSignal): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers = cookie ? { cookie } : {};
      const req = http.get(url, { agent: this.agent, headers, ...(signal ? { signal } : {}) }, (res) => {
        res.resume();
        res.on("error", reject);
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            cookies: (res.headers["set-cookie"] ?? []).map((line) => line.split(";")[0] ?? ""),
          }),
        );
      });
      req.on("error", reject);
      req.once("socket", (socket: Socket) => this.count(socket, url));
    });
  }

  /** New connections this browser opened to `origin`. */
  connectionsTo(origin: string): number {
    return this.opened.get(new URL(origin).host) ?? 0;
  }

  private count(socket: Socket, url: string): void {
    if (this.seen.has(socket)) return;
    this.seen.add(socket);
    const host = new URL(url).host;
    this.opened.set(host, (this.opened.get(host) ?? 0) + 1);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Starts a login: the app's redirect to /authorize, and the cookies it set. */
export async function startLogin(browser: Browser, appOrigin: string): Promise<{ authorizeURL: string; cookie: string }> {
  const start = await browser.get(`${appOrigin}/auth/attio`);
  if (start.status !== 302 || !start.location) throw new Error(`GET /auth/attio answered ${start.status}`);
  return { authorizeURL: start.location, cookie: start.cookies.join("; ") };
}

/** Approves at the sandbox and returns the callback URL it sends the browser to. */
export async function approve(browser: Browser, authorizeURL: string): Promise<string> {
  const approved = await browser.get(authorizeURL);
  if (approved.status !== 302 || !approved.location) throw new Error(`GET /authorize answered ${approved.status}`);
  return approved.location;
}

/** One whole login; true when the callback signed the user in. */
export async function login(browser: Browser, appOrigin: string): Promise<boolean> {
  const { authorizeURL, cookie } = await startLogin(browser, appOrigin);
  const callbackURL = await approve(browser, authorizeURL);
  const done = await browser.get(callbackURL, cookie);
  return done.status === 200;
}

export interface LoginRun {
  readonly logins: number;
  readonly failures: number;
  readonly seconds: number;
  /** New connections the browser opened to Attio (for `/authorize`). */
  readonly attioConnections: number;
}

/**
 * Runs `concurrency` login loops until `seconds` pass; logins under way at the end are finished and counted.
 * `attioOrigin` is the origin of Attio's `/authorize`, whose connections are counted.
 */
export async function runLogins(appOrigin: string, attioOrigin: string, concurrency: number, seconds: number): Promise<LoginRun> {
  const browser = new Browser(concurrency);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let logins = 0;
  let failures = 0;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const ok = await login(browser, appOrigin).catch(() => false);
      if (ok) logins += 1;
      else failures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  browser.close();
  return { logins, failures, seconds: elapsed, attioConnections: browser.connectionsTo(attioOrigin) };
}

/** Starts `count` logins and never finishes them, `concurrency` at a time. */
export async function startPendingLogins(appOrigin: string, count: number, concurrency: number): Promise<void> {
  const browser = new Browser(concurrency);
  let next = 0;
  const loop = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      await startLogin(browser, appOrigin);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  browser.close();
}

/**
 * Seconds from sending the callback until the app answers, for a login whose
 * token exchange never completes; `capSeconds` when the app has not answered by then.
 */
export async function timeToFail(appOrigin: string, capSeconds: number): Promise<number> {
  const browser = new Browser(1);
  try {
    const { authorizeURL, cookie } = await startLogin(browser, appOrigin);
    const callbackURL = await approve(browser, authorizeURL);
    const cap = AbortSignal.timeout(capSeconds * 1000);
    const started = performance.now();
    // An answer of any kind, or a dropped connection, ends the wait; only the cap does not count.
    await browser.get(callbackURL, cookie, cap).catch(() => undefined);
    return cap.aborted ? capSeconds : (performance.now() - started) / 1000;
  } finally {
    browser.close();
  }
}
