/** What each strategy keeps beside passport-oauth2's own state: its Attio client and login settings. */
import type { AttioClient } from "../attio/client";
import type { AttioScope } from "../attio/scope-catalogue";
import { AttioConfigError } from "../errors";
import type { SkipUserProfileOption } from "./options";
import type { AttioVerifyFunction, AttioVerifyFunctionWithRequest } from "./verify";

/** A strategy's own state, held on the instance as `_attio` (beside passport-oauth2's `_oauth2`, `_verify`…). */
export interface StrategyInternals {
  readonly client: AttioClient;
  readonly verify: AttioVerifyFunction | AttioVerifyFunctionWithRequest;
  readonly passReqToCallback: boolean;
  readonly requiredScopes: readonly AttioScope[];
  readonly skipUserProfile: SkipUserProfileOption;
  readonly allowSuspendedMembers: boolean;
  /** The values an RFC 9207 `iss` callback parameter may have. */
  readonly issuers: ReadonlySet<string>;
}

/** Anything that may be a strategy: the helpers take what the app hands them. */
interface MaybeStrategy {
  readonly _attio?: unknown;
}

/**
 * The internals of `strategy`. Passport runs each request on `Object.create(strategy)`,
 * whose property lookup reaches the instance's own `_attio` through the prototype.
 */
export function internalsOf(strategy: MaybeStrategy): StrategyInternals {
  const internals = strategy._attio;
  if (typeof internals !== "object" || internals === null) throw new AttioConfigError("Expected an AttioStrategy instance.");
  return internals as StrategyInternals;
}
