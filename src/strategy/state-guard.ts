/**
 * Wraps whichever state store the strategy uses (passport-oauth2's session store,
 * CookieStateStore, an app's own) so that every refused state reads the same way:
 * a sentence a person understands and a stable code, never passport-oauth2's
 * "Unable to verify authorization request state.".
 */
import type { Request } from "express";
import { AttioConfigError } from "../errors";
import { isRecord } from "../util/json";
import { AttioFailure, failure } from "./failures";
import { hasSession } from "./request-guards";
import type { StateStoreStoreCallback, StateStoreVerifyCallback } from "../state/state-store";

/** A passport-oauth2 state store in any of the arities it accepts. */
interface AnyStateStore {
  store(...args: unknown[]): void;
  verify(...args: unknown[]): void;
}

/** passport-oauth2's own failure texts, and what they mean for a person. */
const PASSPORT_OAUTH2_TEXTS: ReadonlyMap<string, AttioFailure> = new Map([
  ["Unable to verify authorization request state.", failure("ATTIO_STATE_UNKNOWN")],
  ["Invalid authorization request state.", failure("ATTIO_STATE_MISMATCH")],
]);

const NO_SESSION =
  "AttioStrategy: this request has no session (req.session is undefined), and without the `store` option the login state " +
  "is kept in the session. Add session middleware (such as express-session) before passport, or keep the login state in a " +
  "cookie instead, which needs no session: `store: new CookieStateStore({ secret })`.";

/**
 * A store with the same behaviour as `inner` whose refusals carry an {@link AttioFailure}.
 * `inSession`: `inner` is passport-oauth2's default, which needs `req.session`.
 */
export function guardStateStore(inner: AnyStateStore, inSession: boolean): AnyStateStore {
  return {
    // Five parameters, so passport-oauth2 passes the PKCE verifier and meta; `inner` gets what it declares.
    store(req: Request, verifier: unknown, state: unknown, meta: unknown, callback: StateStoreStoreCallback): void {
      if (inSession && !hasSession(req)) return callback(new AttioConfigError(NO_SESSION));
      inner.store(...storeArguments(inner.store.length, req, verifier, state, meta, callback));
    },
    verify(req: Request, providedState: unknown, meta: unknown, callback: StateStoreVerifyCallback): void {
      if (typeof providedState !== "string" || providedState === "") return callback(null, false, failure("ATTIO_STATE_MISSING"));
      if (inSession && !hasSession(req)) return callback(new AttioConfigError(NO_SESSION));
      const checked: StateStoreVerifyCallback = (err, ok, info) =>
        err || ok ? callback(err, ok, info) : callback(null, false, refusal(info));
      inner.verify(...(inner.verify.length === 4 ? [req, providedState, meta, checked] : [req, providedState, checked]));
    },
  };
}

/** A store's refusal as an {@link AttioFailure}: its own code and words when it gave them, ours for passport-oauth2's texts. */
function refusal(info: unknown): AttioFailure {
  const given = typeof info === "string" ? { message: info } : isRecord(info) ? info : {};
  const message = typeof given["message"] === "string" && given["message"].trim() !== "" ? given["message"] : undefined;
  const known = message === undefined ? undefined : PASSPORT_OAUTH2_TEXTS.get(message);
  if (known) return known;
  const code = typeof given["code"] === "string" && given["code"] !== "" ? given["code"] : "ATTIO_STATE_REJECTED";
  return { ...given, ...failure("ATTIO_STATE_REJECTED", message), code };
}

/** The arguments passport-oauth2 would pass a store's `store` of this arity. */
function storeArguments(arity: number, req: Request, verifier: unknown, state: unknown, meta: unknown, callback: unknown): unknown[] {
  if (arity === 5) return [req, verifier, state, meta, callback];
  if (arity === 4) return [req, state, meta, callback];
  if (arity === 3) return [req, meta, callback];
  return [req, callback];
}
