/**
 * The verify callback's forms, each written the way a user would (no annotations),
 * with its parameter types pinned. Compiled, never run: `npm run typecheck` checks
 * it against the built declarations, and the consumer tests check it against the
 * packed package.
 */
import type { Request } from "express";
import { expectTypeOf } from "expect-type";
import { AttioStrategy } from "passport-attio";
import type {
  AttioProfile,
  AttioTokenParams,
  AttioVerifyDone,
  AttioVerifyWithProfile,
  AttioVerifyWithProfileAndRequest,
} from "passport-attio";

const options = { clientID: "id", clientSecret: "secret", callbackURL: "/auth/attio/callback" };
const withRequest = { ...options, passReqToCallback: true } as const;
declare const user: Express.User;

/** The parameters as a tuple, element types exactly as inferred. */
function args<T extends unknown[]>(...values: T): T {
  return values;
}
type Tokens = [accessToken: string, refreshToken: string | undefined];

// async (accessToken, refreshToken, params, profile) => user
new AttioStrategy(options, async (accessToken, refreshToken, params, profile) => {
  expectTypeOf(args(accessToken, refreshToken, params, profile)).toEqualTypeOf<[...Tokens, AttioTokenParams, AttioProfile]>();
  return user;
});

// The promise may give false or null: authentication failed.
new AttioStrategy(options, async (_accessToken, _refreshToken, _params, profile) => (profile.id ? false : null));

// (accessToken, refreshToken, params, profile, done)
new AttioStrategy(options, (accessToken, refreshToken, params, profile, done) => {
  expectTypeOf(args(accessToken, refreshToken, params, profile, done)).toEqualTypeOf<
    [...Tokens, AttioTokenParams, AttioProfile, AttioVerifyDone]
  >();
  done(null, user);
});

// ... and its async variant, still reporting through done.
new AttioStrategy(options, async (_accessToken, _refreshToken, _params, profile, done) => {
  done(null, profile.workspace.id === "" ? false : user, { message: "ok" });
});

// (accessToken, refreshToken, profile, done): its length is the async form's, so its type is named.
const classic: AttioVerifyWithProfile = (accessToken, refreshToken, profile, done) => {
  expectTypeOf(args(accessToken, refreshToken, profile, done)).toEqualTypeOf<[...Tokens, AttioProfile, AttioVerifyDone]>();
  done(null, user);
};
new AttioStrategy(options, classic);
// ... or its parameters are annotated in place.
new AttioStrategy(options, (_accessToken, _refreshToken, profile: AttioProfile, done: AttioVerifyDone) =>
  done(null, profile.id ? user : false),
);

// A classic form whose promise gives the user is the promise form in disguise (at run time its
// profile would receive done): its type refuses it.
// @ts-expect-error a classic form reports through done; its promise gives nothing
const disguised: AttioVerifyWithProfile = async (_accessToken, _refreshToken, profile) => ({ id: profile.id });
new AttioStrategy(options, disguised);

// With passReqToCallback: the same forms, the request first.
new AttioStrategy(withRequest, async (req, accessToken, refreshToken, params, profile) => {
  expectTypeOf(args(req, accessToken, refreshToken, params, profile)).toEqualTypeOf<[Request, ...Tokens, AttioTokenParams, AttioProfile]>();
  return user;
});
new AttioStrategy(withRequest, (req, accessToken, refreshToken, params, profile, done) => {
  expectTypeOf(args(req, accessToken, refreshToken, params, profile, done)).toEqualTypeOf<
    [Request, ...Tokens, AttioTokenParams, AttioProfile, AttioVerifyDone]
  >();
  done(null, user);
});
const classicWithRequest: AttioVerifyWithProfileAndRequest = (req, accessToken, refreshToken, profile, done) => {
  expectTypeOf(args(req, accessToken, refreshToken, profile, done)).toEqualTypeOf<[Request, ...Tokens, AttioProfile, AttioVerifyDone]>();
  done(null, user);
};
new AttioStrategy(withRequest, classicWithRequest);

// A verify without the request cannot be paired with passReqToCallback, nor the reverse.
// @ts-expect-error the request would arrive as the access token
new AttioStrategy(withRequest, classic);
// @ts-expect-error the access token would arrive as the request
new AttioStrategy(options, classicWithRequest);
// @ts-expect-error a callback-style verify reports through done; its promise gives nothing
new AttioStrategy(options, async (_accessToken, _refreshToken, _params, _profile, done) => done);
// @ts-expect-error a verify callback is required
new AttioStrategy(options);
