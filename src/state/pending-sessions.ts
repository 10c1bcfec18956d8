/**
 * The default (session) state store, made cheap to flood. Every cookieless
 * `GET /auth/attio` creates a session holding only the pending login; left with
 * the app's cookie settings it would live for hours in Redis, or forever (no
 * expiry) in express-session's MemoryStore. Such a session gets a 10-minute
 * cookie instead: session stores take their expiry from the cookie, so Redis
 * keys get a 10-minute TTL. Passport regenerates the session at login, so the
 * signed-in session still gets the app's own settings.
 */
import type { Request } from "express";

/** How long a session that holds nothing but a pending login may live. */
export const PENDING_LOGIN_MAX_AGE_MS = 10 * 60 * 1000;
/** How often express-session's MemoryStore is swept of expired sessions, at most. */
const SWEEP_INTERVAL_MS = 60 * 1000;

/** passport-oauth2's state store, as its strategy calls it (by arity). */
export interface PassportStateStore {
  store(...args: unknown[]): void;
  verify(...args: unknown[]): void;
}

interface SessionCookie {
  maxAge?: number | null;
}

/** A session store express-session's MemoryStore; `all()` there drops each expired session it reads. */
interface SweepableStore {
  readonly constructor: { readonly name: string };
  all(callback: () => void): void;
}

const lastSweeps = new WeakMap<object, number>();

/**
 * Wraps the session state store passport-oauth2 made so that a session holding
 * only the pending login expires within {@link PENDING_LOGIN_MAX_AGE_MS}.
 */
export function shortLivedPendingLogins(inner: PassportStateStore, sessionKey: string): PassportStateStore {
  function store(...args: unknown[]): void {
    const callback = args[args.length - 1] as (err: unknown, handle?: unknown) => void;
    const req = args[0] as Request;
    inner.store(...args.slice(0, -1), (err: unknown, handle?: unknown) => {
      if (!err) limitPendingSession(req, sessionKey);
      callback(err, handle);
    });
  }
  // passport-oauth2 picks the call form by the number of declared parameters.
  Object.defineProperty(store, "length", { value: inner.store.length });
  return { store, verify: inner.verify.bind(inner) };
}

function limitPendingSession(req: Request, sessionKey: string): void {
  const session = (req as { session?: unknown }).session;
  if (typeof session !== "object" || session === null) return;
  const cookie = (session as { cookie?: unknown }).cookie as SessionCookie | undefined;
  // Only a session that holds nothing else: the app's own sessions keep their settings.
  const holdsOnlyThisLogin = Object.keys(session).every((key) => key === "cookie" || key === sessionKey);
  if (typeof cookie !== "object" || cookie === null || !holdsOnlyThisLogin) return;
  if (cookie.maxAge === null || cookie.maxAge === undefined || cookie.maxAge > PENDING_LOGIN_MAX_AGE_MS) {
    cookie.maxAge = PENDING_LOGIN_MAX_AGE_MS;
  }
  sweepMemoryStore((req as { sessionStore?: unknown }).sessionStore);
}

/**
 * express-session's MemoryStore drops an expired session only when it is read,
 * so expired pending logins would stay in memory: once a minute at most, reading
 * them all drops them.
 */
function sweepMemoryStore(store: unknown): void {
  if (!isMemoryStore(store)) return;
  const now = Date.now();
  if (now - (lastSweeps.get(store) ?? 0) < SWEEP_INTERVAL_MS) return;
  lastSweeps.set(store, now);
  store.all(() => undefined);
}

function isMemoryStore(store: unknown): store is SweepableStore {
  return (
    typeof store === "object" &&
    store !== null &&
    (store as SweepableStore).constructor?.name === "MemoryStore" &&
    typeof (store as SweepableStore).all === "function"
  );
}
