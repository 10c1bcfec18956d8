/** What each strategy keeps off its public type: its Attio client and login settings. */
import type { AttioClient } from "../attio/client";
import { AttioConfigError } from "../errors";
import type { AttioScope } from "../scopes/catalogue";
import type { SkipUserProfileOption } from "./options";
import type { AttioVerifyFunction, AttioVerifyFunctionWithRequest } from "./verify";

/** A strategy's private state. */
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

const registry = new WeakMap<object, StrategyInternals>();

/** Records the private state of a new strategy. */
export function registerInternals(strategy: object, internals: StrategyInternals): void {
  registry.set(strategy, internals);
}

/**
 * The private state of `strategy`. Passport runs each request on
 * `Object.create(strategy)`, so the prototype chain is searched.
 */
export function internalsOf(strategy: object): StrategyInternals {
  for (let current: object | null = strategy; current !== null; current = Object.getPrototypeOf(current) as object | null) {
    const internals = registry.get(current);
    if (internals) return internals;
  }
  throw new AttioConfigError("Expected an AttioStrategy instance.");
}
