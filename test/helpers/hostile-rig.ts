/**
 * The apps the hostile suite attacks: the same strategy behind the two state
 * stores (a sessionless app with CookieStateStore, and an express-session app
 * with the default store and qs's nested query parser), with a short timeout so
 * faults resolve fast. A login here is: GET /auth/attio, then the callback.
 */
import { inspect } from "node:util";
import type { AttioStrategyOptions } from "../../src";
import { CookieStateStore } from "../../src";
import { resetSeen, secretsSeen } from "./attio-script";
import { authApp, AuthAppOptions, isTypedError, SESSION_SECRET } from "./auth-app";
import { Browser, BrowserResponse } from "./browser";
import { ACCESS_TOKEN, AUTH_CODE, CLIENT_SECRET } from "../../harness/fixtures";
import type { CaseOptions, Observed, Outcome } from "./hostile";
import { listen, Listening } from "../../harness/server";
import { testStrategy } from "../../harness/strategy";

/** The strategy's timeout for every request to Attio, in the hostile suite. */
export const HOSTILE_TIMEOUT_MS = 500;
/** A login makes at most three requests (token, self, member); past this it has hung. */
export const CASE_DEADLINE_MS = 4 * HOSTILE_TIMEOUT_MS + 1000;
export const COOKIE_SECRET = "cookie-state-secret-for-hostile-0123456789";

export type RigKind = "cookie" | "session";
export const RIG_KINDS: readonly RigKind[] = ["cookie", "session"];

export interface Rig extends Listening {
  readonly kind: RigKind;
}

/** Starts an app of `kind` around a fresh strategy. */
export async function startRig(kind: RigKind, strategy: Partial<AttioStrategyOptions> = {}, app: AuthAppOptions = {}): Promise<Rig> {
  const store = kind === "cookie" ? { store: new CookieStateStore({ secret: COOKIE_SECRET }) } : {};
  const built = testStrategy({ timeout: HOSTILE_TIMEOUT_MS, ...store, ...strategy });
  const options: AuthAppOptions = {
    session: kind === "session",
    extendedQuery: kind === "session",
    bodyLimit: "2mb",
    logErrors: true,
    ...app,
  };
  return Object.assign(await listen(authApp(built, options)), { kind });
}

/**
 * Runs a rig of `kind` for the enclosing describe (the strategy options are read
 * when it starts, so they may name a server started by an earlier hook) and
 * clears what the token endpoint saw before each test. Returns the rig's getter.
 */
export function useRig(kind: RigKind, strategy: () => Partial<AttioStrategyOptions> = () => ({})): () => Rig {
  let rig: Rig | undefined;
  before(async () => (rig = await startRig(kind, strategy())));
  after(() => rig?.close());
  beforeEach(resetSeen);
  return () => {
    if (rig === undefined) throw new Error("the rig is started by a before hook");
    return rig;
  };
}

/** The secrets of every case: the fixed ones, and whatever passed through the token endpoint. */
export function caseSecrets(extra: readonly string[] | (() => readonly string[]) = []): () => string[] {
  return () => [
    CLIENT_SECRET,
    COOKIE_SECRET,
    SESSION_SECRET,
    ACCESS_TOKEN,
    AUTH_CODE,
    ...secretsSeen(),
    ...(typeof extra === "function" ? extra() : extra),
  ];
}

/** Case options for the hostile harness: the secrets above, and the deadline with a margin over the browser's own. */
export function caseOptions(extra: readonly string[] | (() => readonly string[]) = []): CaseOptions {
  return { secrets: caseSecrets(extra), deadlineMs: CASE_DEADLINE_MS + 250 };
}

/** A browser whose requests give up at the case deadline. */
export function newBrowser(): Browser {
  return new Browser(CASE_DEADLINE_MS);
}

/** Starts a login in `browser` and returns the state handle sent to Attio. */
export async function begin(browser: Browser, rig: Rig): Promise<string> {
  const response = await browser.get(rig.server, "/auth/attio");
  if (response.status !== 302) throw new Error(`login did not start: HTTP ${response.status} ${response.text.slice(0, 200)}`);
  return new URL(String(response.headers["location"])).searchParams.get("state") ?? "";
}

/** A login whose callback carries `query(state)`: what Attio, or an attacker, sends back. */
export async function attempt(rig: Rig, query: (state: string) => string, browser = newBrowser()): Promise<Observed> {
  const state = await begin(browser, rig);
  return observe(() => browser.get(rig.server, `/auth/attio/callback?${query(state)}`));
}

/** The query Attio sends on success. */
export function codeAndState(code = AUTH_CODE): (state: string) => string {
  return (state) => `code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`;
}

/** What `classify` reads from an answer (a supertest response, or a raw one). */
export type Answer = Pick<BrowserResponse, "status" | "text" | "body"> & { readonly headers: Record<string, unknown> };

/** Sends a request and classifies the answer; a connection the server refused to keep is `rejected`. */
export async function observe(send: () => Promise<Answer>): Promise<Observed> {
  let response: Answer;
  try {
    response = await send();
  } catch (err) {
    const failure = err as { timeout?: unknown; code?: unknown; status?: unknown; response?: BrowserResponse };
    if (failure.timeout) return new Promise(() => undefined); // the harness reports the hang
    const reason = typeof failure.code === "string" ? failure.code : String(err);
    return { outcome: { kind: "rejected", status: 0, reason }, exposed: [] };
  }
  return { outcome: classify(response), exposed: [response.text ?? "", JSON.stringify(response.headers)] };
}

/** Reads the auth app's answer (see auth-app.ts) as an outcome. */
export function classify(response: Answer): Outcome {
  const { status } = response;
  const body = (typeof response.body === "object" && response.body !== null ? response.body : {}) as Record<string, unknown>;
  if (status === 302) return { kind: "redirect", status, location: String(response.headers["location"]) };
  if (status === 200 && "user" in body) return { kind: "success", status, body };
  if (status === 401 && "failure" in body) {
    const message = typeof body["failure"] === "string" ? body["failure"] : null;
    return { kind: "failure", status, message, ...(typeof body["code"] === "string" ? { code: body["code"] } : {}) };
  }
  const error = body["error"] as { name?: unknown; code?: unknown; message?: unknown } | undefined;
  if (error && typeof error === "object") {
    return {
      kind: "error",
      status,
      name: String(error.name),
      code: typeof error.code === "string" ? error.code : undefined,
      message: String(error.message ?? ""),
    };
  }
  if (status >= 500 && /\n\s+at /.test(response.text ?? ""))
    return { kind: "crash", status, reason: (response.text ?? "").split("\n")[0] ?? "" };
  return { kind: "rejected", status, reason: (response.text ?? "").slice(0, 80) };
}

/** Classifies a settled call of the package's API (refreshAccessToken, checkAccessToken…). */
export async function observeCall(call: () => Promise<unknown>): Promise<Observed> {
  try {
    // A value is what the app asked for (tokens included); only errors are checked for secrets.
    const value = await call();
    return { outcome: { kind: "success", status: 0, body: { value } }, exposed: [] };
  } catch (error) {
    const err = error as Error & { code?: unknown };
    const exposed = [String(err?.message), inspect(error, { depth: 10 })];
    if (!isTypedError(error)) return { outcome: { kind: "crash", status: 0, reason: `untyped ${err?.name}: ${err?.message}` }, exposed };
    return {
      outcome: {
        kind: "error",
        status: 0,
        name: err.name,
        code: typeof err.code === "string" ? err.code : undefined,
        message: err.message,
      },
      exposed,
    };
  }
}
