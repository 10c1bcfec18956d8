/**
 * The package's public types, pinned: what each export is and what it accepts.
 * Compiled, never run (see verify.test-d.ts).
 */
import type { Strategy as PassportStrategy } from "passport";
import OAuth2Strategy from "passport-oauth2";
import { expectTypeOf } from "expect-type";
import {
  ATTIO_API_URL,
  ATTIO_SCOPES,
  AttioConfigError,
  AttioError,
  AttioGrantError,
  AttioRequestError,
  AttioStrategy,
  AuthorizationError,
  checkAccessToken,
  DEFAULT_TIMEOUT_MS,
  MAX_RESPONSE_BYTES,
  refreshAccessToken,
  Strategy,
  TokenError,
} from "passport-attio";
import type {
  AttioAccessLevel,
  AttioCallbackFailureCode,
  AttioFailure,
  AttioFailureCode,
  AttioErrorBody,
  AttioErrorCode,
  AttioProfile,
  AttioScope,
  AttioStrategyOptions,
  AttioTokenLevel,
  AttioTokenParams,
  AttioWorkspace,
  RefreshedTokens,
  TokenStatus,
} from "passport-attio";

declare const strategy: AttioStrategy;

// The strategy: one class under two names, a passport-oauth2 strategy, usable by passport.use().
expectTypeOf(Strategy).toEqualTypeOf<typeof AttioStrategy>();
expectTypeOf(strategy).toExtend<OAuth2Strategy>();
expectTypeOf(strategy).toExtend<PassportStrategy>();
expectTypeOf(strategy.name).toEqualTypeOf<string>();
expectTypeOf(strategy.requiredScopes).toEqualTypeOf<readonly AttioScope[]>();
expectTypeOf(strategy.userProfile).parameters.toEqualTypeOf<[string, (err?: unknown, profile?: AttioProfile) => void]>();

// Options: three are required, scopes come from the catalogue, unknown names are refused.
expectTypeOf<Pick<AttioStrategyOptions, "clientID" | "clientSecret" | "callbackURL">>().toEqualTypeOf<{
  clientID: string;
  clientSecret: string;
  callbackURL: string;
}>();
expectTypeOf<AttioStrategyOptions["scope"]>().toEqualTypeOf<readonly (AttioScope | (string & {}))[] | string | undefined>();
const base = { clientID: "id", clientSecret: "secret", callbackURL: "/cb" };
const verify = async () => false as const;
new AttioStrategy({ ...base, scope: ["record_permission:read", "user_management:read"] }, verify);
new AttioStrategy({ ...base, scope: "record_permission:read user_management:read", pkce: "S256", timeout: 5000 }, verify);
// Options held in a variable: `scope` is inferred as string[], and still accepted (the
// constructor checks each scope against the catalogue); the verify parameters stay typed.
const held = { ...base, scope: ["record_permission:read", "user_management:read"] };
new AttioStrategy(held, async (accessToken, refreshToken, params, profile) => {
  expectTypeOf(accessToken).toEqualTypeOf<string>();
  expectTypeOf(refreshToken).toEqualTypeOf<string | undefined>();
  expectTypeOf(params).toEqualTypeOf<AttioTokenParams>();
  expectTypeOf(profile).toEqualTypeOf<AttioProfile>();
  return false as const;
});
new AttioStrategy({ ...base, scope: [...held.scope, "note:read"] }, verify);
// A list typed as AttioScope[] is still checked by the compiler.
// @ts-expect-error a scope outside the catalogue
const typo: AttioScope[] = ["record_permission:read_write"];
new AttioStrategy({ ...base, scope: typo }, verify);
// @ts-expect-error "plain" PKCE is refused
new AttioStrategy({ ...base, pkce: "plain" }, verify);
// @ts-expect-error clientId is not clientID
new AttioStrategy({ clientId: "id", clientSecret: "secret", callbackURL: "/cb" }, verify);
// @ts-expect-error state cannot be turned off
new AttioStrategy({ ...base, state: false }, verify);

// The scope catalogue.
expectTypeOf<"record_permission:read">().toExtend<AttioScope>();
expectTypeOf<"user_management:read-write">().toExtend<AttioScope>();
expectTypeOf<"mcp">().toExtend<AttioScope>();
expectTypeOf<"record_permission:write">().not.toExtend<AttioScope>();
expectTypeOf(ATTIO_SCOPES).toExtend<Readonly<Record<AttioScope, string>>>();
expectTypeOf<keyof typeof ATTIO_SCOPES>().toEqualTypeOf<AttioScope>();

// The profile.
expectTypeOf<AttioProfile["provider"]>().toEqualTypeOf<"attio">();
expectTypeOf<AttioProfile["id"]>().toEqualTypeOf<string>();
expectTypeOf<AttioProfile["displayName"]>().toEqualTypeOf<string>();
expectTypeOf<AttioProfile["memberId"]>().toEqualTypeOf<string | null>();
expectTypeOf<AttioProfile["workspace"]>().toEqualTypeOf<AttioWorkspace>();
expectTypeOf<AttioWorkspace>().toEqualTypeOf<{
  readonly id: string;
  readonly name: string | null;
  readonly slug: string | null;
  readonly logoUrl: string | null;
}>();
// Attio's known values are spelled out; an unknown future one is still a string to compare or store.
expectTypeOf<AttioProfile["accessLevel"]>().toEqualTypeOf<AttioAccessLevel>();
expectTypeOf<"admin" | "member" | "suspended" | "unknown">().toExtend<AttioAccessLevel>();
expectTypeOf<string>().toExtend<AttioAccessLevel>();
expectTypeOf<AttioAccessLevel>().toExtend<string>();
expectTypeOf<AttioProfile["tokenLevel"]>().toEqualTypeOf<AttioTokenLevel | null>();
expectTypeOf<"workspace" | "user">().toExtend<AttioTokenLevel>();
expectTypeOf<AttioTokenLevel>().toExtend<string>();
// Arrays a user model can store as they are.
expectTypeOf<AttioProfile["scopes"]>().toEqualTypeOf<string[]>();
declare const someProfile: AttioProfile;
const stored: { scopes: string[]; accessLevel: string; tokenLevel: string | null } = someProfile;
expectTypeOf(stored).not.toBeAny();
expectTypeOf<AttioProfile["issuedAt"]>().toEqualTypeOf<Date | null>();
expectTypeOf<AttioProfile["expiresAt"]>().toEqualTypeOf<Date | null>();
expectTypeOf<AttioProfile["emails"]>().toEqualTypeOf<Array<{ value: string; type?: string }> | undefined>();
expectTypeOf<AttioProfile["_raw"]>().toEqualTypeOf<{ readonly self: string; readonly member: string | null }>();

// The token helpers.
expectTypeOf(refreshAccessToken).parameters.toEqualTypeOf<[AttioStrategy, string | null | undefined]>();
expectTypeOf(refreshAccessToken).returns.toEqualTypeOf<Promise<RefreshedTokens>>();
expectTypeOf<RefreshedTokens>().toEqualTypeOf<{
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresAt: Date | null;
  readonly scopes: readonly string[] | null;
  readonly raw: Readonly<Record<string, unknown>>;
}>();
expectTypeOf(checkAccessToken).parameters.toEqualTypeOf<[AttioStrategy, string]>();
expectTypeOf(checkAccessToken).returns.toEqualTypeOf<Promise<TokenStatus>>();
expectTypeOf<TokenStatus>().toEqualTypeOf<{
  readonly active: boolean;
  readonly scopes: readonly string[];
  readonly workspaceId: string | null;
  readonly expiresAt: Date | null;
}>();

// The errors: one base class with a stable code, the HTTP status and Attio's body.
expectTypeOf<AttioConfigError>().toExtend<AttioError>();
expectTypeOf<AttioRequestError>().toExtend<AttioError>();
expectTypeOf<AttioGrantError>().toExtend<AttioError>();
expectTypeOf<AttioError>().toExtend<Error>();
expectTypeOf<AttioError["code"]>().toEqualTypeOf<AttioErrorCode>();
expectTypeOf<AttioError["status"]>().toEqualTypeOf<number | undefined>();
expectTypeOf<AttioError["attio"]>().toEqualTypeOf<AttioErrorBody | undefined>();
expectTypeOf<AttioRequestError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
expectTypeOf<AttioGrantError["missingScopes"]>().toEqualTypeOf<readonly string[]>();
expectTypeOf<"ATTIO_TIMEOUT" | "ATTIO_INSUFFICIENT_SCOPE" | "ATTIO_NO_REFRESH_TOKEN">().toExtend<AttioErrorCode>();
expectTypeOf(AuthorizationError).toEqualTypeOf<typeof OAuth2Strategy.AuthorizationError>();
expectTypeOf(TokenError).toEqualTypeOf<typeof OAuth2Strategy.TokenError>();

// A failed sign-in's info: a sentence and a stable code.
expectTypeOf<AttioFailure>().toEqualTypeOf<{ readonly message: string; readonly code: AttioFailureCode }>();
expectTypeOf<"ATTIO_ACCESS_DENIED" | "ATTIO_STATE_UNKNOWN" | "ATTIO_CODE_REJECTED">().toExtend<AttioCallbackFailureCode>();
expectTypeOf<AttioCallbackFailureCode | AttioErrorCode>().toExtend<AttioFailureCode>();

// The constants.
expectTypeOf<typeof ATTIO_API_URL>().toEqualTypeOf<"https://api.attio.com">();
expectTypeOf<typeof DEFAULT_TIMEOUT_MS>().toEqualTypeOf<10000>();
expectTypeOf(MAX_RESPONSE_BYTES).toEqualTypeOf<number>();
