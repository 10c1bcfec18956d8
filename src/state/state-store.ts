/**
 * The state-store contract, as passport-oauth2 calls it: where a login's `state`
 * and PKCE verifier wait between the redirect to Attio and the callback.
 */
import type { Request } from "express";

/** Called by the state store once the login state is saved (the value goes in `state`). */
export type StateStoreStoreCallback = (err: Error | null, handle?: string) => void;
/**
 * Called by the state store with the outcome of a check: `ok` is the PKCE verifier
 * (PKCE on), `true` (PKCE off), or `false` with an `info.message` saying why.
 */
export type StateStoreVerifyCallback = (err: Error | null, ok?: string | boolean, info?: unknown) => void;

/**
 * A passport-oauth2 state store. With PKCE on (the default) the store keeps the
 * code verifier beside the state: `store(req, verifier, state, meta, cb)` and
 * `verify(req, providedState, cb)` calling back with the verifier.
 */
export interface AttioStateStore {
  /** Saves a new login's state (and PKCE verifier), then calls back with the value to send as `state`. */
  store(req: Request, verifier: string | undefined, state: unknown, meta: unknown, callback: StateStoreStoreCallback): void;
  /** Checks the `state` Attio sent back, then calls back with the PKCE verifier (or `false` and why). */
  verify(req: Request, providedState: string, callback: StateStoreVerifyCallback): void;
}
