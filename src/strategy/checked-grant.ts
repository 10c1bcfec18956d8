/**
 * The grant a login has just checked, handed to `userProfile()` through the login's own
 * context: passport runs each login on a fresh `Object.create(strategy)`, so a property
 * set there belongs to that login alone. The built-in `userProfile()` then builds the
 * profile from the `/v2/self` answer already read, instead of asking Attio again.
 */
import type { AcceptedGrant } from "./grant";

const CHECKED_GRANT = Symbol("passport-attio checked grant");

interface LoginContext {
  [CHECKED_GRANT]?: { readonly accessToken: string; readonly grant: AcceptedGrant };
}

/** Leaves `grant`, checked for `accessToken`, on the login's context. */
export function leaveCheckedGrant(context: object, accessToken: string, grant: AcceptedGrant): void {
  (context as LoginContext)[CHECKED_GRANT] = { accessToken, grant };
}

/** Takes the grant a login left for `accessToken`, once; undefined outside a login or for another token. */
export function takeCheckedGrant(context: object, accessToken: string): AcceptedGrant | undefined {
  const own = context as LoginContext;
  const checked = Object.hasOwn(own, CHECKED_GRANT) ? own[CHECKED_GRANT] : undefined;
  if (checked?.accessToken !== accessToken) return undefined;
  delete own[CHECKED_GRANT];
  return checked.grant;
}
