/** The second half of a login, once passport-oauth2 holds the access token. */
import type { Request } from "express";
import { AttioGrantError } from "../errors";
import type { AttioProfile } from "../profile/profile";
import { leaveCheckedGrant } from "./checked-grant";
import { acceptGrant } from "./grant";
import type { StrategyInternals } from "./internals";
import { shouldSkipProfile } from "./skip";
import { AttioTokenParams, AttioVerifyDone, callVerify } from "./verify";

/** The passport request context a login runs in: `Object.create(strategy)`, plus passport's actions. */
interface PassportContext {
  readonly _attio: StrategyInternals;
  userProfile(accessToken: string, done: (err?: unknown, profile?: AttioProfile) => void): void;
  error(err: Error): void;
}

/**
 * Given to passport-oauth2 as its verify callback (with `req` and `params`):
 * checks the grant, loads the profile through `userProfile()` (a subclass's, if it
 * overrides it), then calls the app's verify callback.
 * A grant that cannot serve the app fails authentication with a message a
 * person can read; faults are errors.
 */
export function completeLogin(
  this: PassportContext,
  req: Request,
  accessToken: string,
  refreshToken: string | undefined,
  params: AttioTokenParams,
  _profile: undefined,
  verified: AttioVerifyDone,
): void {
  const { client, verify, passReqToCallback, requiredScopes, skipUserProfile } = this._attio;
  const report: AttioVerifyDone = (err, user, info) => {
    try {
      verified(err, user, info);
    } catch (thrown) {
      this.error(thrown instanceof Error ? thrown : new Error(String(thrown)));
    }
  };
  acceptGrant(client, accessToken, requiredScopes)
    .then(async (grant) => {
      if (await shouldSkipProfile(skipUserProfile, accessToken)) return undefined;
      leaveCheckedGrant(this, accessToken, grant);
      return profileFromHook(this, accessToken);
    })
    .then(
      (profile) => callVerify(verify, passReqToCallback, { req, accessToken, refreshToken, params, profile }, report, this),
      (err: unknown) => (err instanceof AttioGrantError ? report(null, false, { message: err.message, code: err.code }) : report(err)),
    );
}

/** Calls the `userProfile()` hook; a throw, like an error passed to `done`, rejects. */
function profileFromHook(context: PassportContext, accessToken: string): Promise<AttioProfile | undefined> {
  return new Promise((resolve, reject) => context.userProfile(accessToken, (err, profile) => (err ? reject(err) : resolve(profile))));
}
