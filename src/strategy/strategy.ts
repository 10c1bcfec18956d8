/** AttioStrategy: passport-oauth2 with PKCE, Attio's token endpoint, scope checks and profile. */
import type { Request } from "express";
// `import = require`, not a default import: the emitted declarations then also compile in
// apps without esModuleInterop (passport-oauth2's types use `export =`).
import OAuth2Strategy = require("passport-oauth2");
import { AttioClient, AttioClientConfig } from "../attio/client";
import { toCallback } from "../util/to-callback";
import { AttioConfigError } from "../errors";
import type { AttioProfile } from "../profile/profile";
import type { AttioScope } from "../attio/scope-catalogue";
import { callbackIssuers, checkCallback } from "./callback";
import { takeCheckedGrant } from "./checked-grant";
import { absoluteCallbackURL } from "./request-origin";
import { acceptGrant, loadProfile } from "./grant";
import type { StrategyInternals } from "./internals";
import { completeLogin } from "./login";
import { failure } from "./failures";
import { failRejectedCodes, setupMistake } from "./request-guards";
import { guardStateStore } from "./state-guard";
import { PassportStateStore, shortLivedPendingLogins } from "../state/pending-sessions";
import { tokenRequester } from "./token-exchange";
import { AttioStrategyOptions, AttioStrategyOptionsWithRequest, ResolvedOptions, resolveOptions } from "./options";
import { checkVerifyArity } from "./verify";
import type {
  AttioVerifyAsync,
  AttioVerifyAsyncWithRequest,
  AttioVerifyFunction,
  AttioVerifyFunctionWithRequest,
  AttioVerifyWithParams,
  AttioVerifyWithParamsAndRequest,
  AttioVerifyWithProfile,
  AttioVerifyWithProfileAndRequest,
} from "./verify";

/**
 * Passport strategy for signing in with Attio.
 *
 * On top of passport-oauth2 it adds PKCE (S256, on by default), a token exchange
 * with a timeout and a size cap, a check of the granted scopes against the
 * required ones, and an {@link AttioProfile} from `GET /v2/self` (plus the
 * authorising workspace member when the grant includes `user_management:read`).
 *
 * Overridable hooks, as in passport-oauth2: `authorizationParams(options)` adds
 * query parameters to the authorize URL; `tokenParams(options)` adds form fields
 * to the token request; `userProfile(accessToken, done)` loads the profile the
 * verify callback receives.
 *
 * @example
 * ```ts
 * import passport from "passport";
 * import { AttioStrategy } from "passport-attio";
 *
 * passport.use(new AttioStrategy({
 *   clientID: process.env.ATTIO_CLIENT_ID!,
 *   clientSecret: process.env.ATTIO_CLIENT_SECRET!,
 *   callbackURL: "https://app.example.com/auth/attio/callback",
 *   scope: ["record_permission:read", "user_management:read"],
 * }, async (accessToken, refreshToken, params, profile) => upsertUser(profile)));
 * ```
 */
export class AttioStrategy extends OAuth2Strategy {
  /** The scopes this strategy requires, normalised (duplicates and `read` beside `read-write` removed). */
  readonly requiredScopes: readonly AttioScope[];
  /**
   * The client and login settings, read through `this` by the login (which passport runs on
   * `Object.create(strategy)`) and by the token helpers.
   *
   * @internal
   */
  readonly _attio: StrategyInternals;

  // Overloads, not a union: TypeScript types a callback's parameters from the first
  // overload that fits the options, so the forms with `params` come first. The
  // classic `(accessToken, refreshToken, profile, done)` type-checks when annotated.
  // The async form comes again last: TypeScript explains a mismatch by the last
  // overload, and "Property 'x' is missing in type … 'User'" names the real cause.
  constructor(options: AttioStrategyOptionsWithRequest, verify: AttioVerifyWithParamsAndRequest);
  constructor(options: AttioStrategyOptionsWithRequest, verify: AttioVerifyAsyncWithRequest);
  constructor(options: AttioStrategyOptionsWithRequest, verify: AttioVerifyWithProfileAndRequest);
  constructor(options: AttioStrategyOptions, verify: AttioVerifyWithParams);
  constructor(options: AttioStrategyOptions, verify: AttioVerifyAsync);
  constructor(options: AttioStrategyOptions, verify: AttioVerifyWithProfile);
  constructor(options: AttioStrategyOptionsWithRequest, verify: AttioVerifyFunctionWithRequest);
  constructor(options: AttioStrategyOptions, verify: AttioVerifyFunction);
  constructor(options: AttioStrategyOptions, verify: AttioVerifyAsync);
  constructor(
    options: AttioStrategyOptions | AttioStrategyOptionsWithRequest,
    verify: AttioVerifyFunction | AttioVerifyFunctionWithRequest,
  ) {
    const resolved = resolveOptions(options);
    if (typeof verify !== "function") throw new AttioConfigError("AttioStrategy: a verify callback is required.");
    checkVerifyArity(verify, resolved.passReqToCallback);
    super(oauth2Options(resolved), completeLogin as unknown as OAuth2Strategy.VerifyFunctionWithRequest);
    this.name = "attio";
    if (resolved.store === undefined) limitDefaultStore(this as unknown as PassportOAuth2Internals);
    // After the default store is limited: every store's refusals then read the same way.
    const self = this as unknown as { _stateStore: Parameters<typeof guardStateStore>[0] };
    self._stateStore = guardStateStore(self._stateStore, resolved.store === undefined);
    this.requiredScopes = resolved.requiredScopes;
    const client = new AttioClient(clientConfig(resolved));
    this._attio = {
      client,
      verify,
      passReqToCallback: resolved.passReqToCallback,
      requiredScopes: resolved.requiredScopes,
      skipUserProfile: resolved.skipUserProfile,
      allowSuspendedMembers: resolved.allowSuspendedMembers,
      issuers: callbackIssuers(resolved.authorizationURL),
    };
    // passport-oauth2's HTTP layer has no timeout and no size cap: the token
    // request goes through ours (for passport-oauth2-refresh too).
    this._oauth2.getOAuthAccessToken = tokenRequester(client) as OAuth2Strategy["_oauth2"]["getOAuthAccessToken"];
  }

  /** Checks the request's setup, the callback's shape and Attio's error responses, then runs the OAuth 2.0 flow. */
  override authenticate(req: Request, options?: object): void {
    const mistake = setupMistake(req, options);
    if (mistake) return this.error(mistake);
    const check = checkCallback(req, this._attio.issuers);
    if (check.kind === "fail") return this.fail(check.failure, check.status);
    if (check.kind === "error") return this.error(check.error);
    const callbackURL = this.callbackURLFor(req, options);
    if (callbackURL === undefined) {
      return this.fail(failure("ATTIO_HOST_INVALID"), 400);
    }
    failRejectedCodes(this);
    super.authenticate(req, { ...options, callbackURL });
    // The person now spends seconds on Attio's consent page: time enough to open the connections the callback needs.
    if (!check.callback) this._attio.client.warmUp();
  }

  /** The absolute callback URL for this request (passport-oauth2 reads `req.connection`, which Fastify lacks). */
  private callbackURLFor(req: Request, options: object | undefined): string | undefined {
    const own = this as unknown as { _callbackURL: string; _trustProxy?: boolean };
    const given = (options as { callbackURL?: unknown } | undefined)?.callbackURL;
    return absoluteCallbackURL(typeof given === "string" && given !== "" ? given : own._callbackURL, req, own._trustProxy === true);
  }

  /**
   * Loads the {@link AttioProfile} the verify callback receives. A login calls it once the
   * grant has been checked (unless `skipUserProfile` says not to); the built-in one then
   * reuses the `/v2/self` answer that check read, and reads the authorising member when the
   * grant allows. Override it to change or enrich the profile; `super.userProfile(accessToken, done)`
   * gives the built-in one. Called outside a login, it checks the token with `GET /v2/self`
   * first, failing with {@link AttioGrantError} for an inactive token or missing scopes.
   *
   * @example
   * ```ts
   * class MyStrategy extends AttioStrategy {
   *   override userProfile(accessToken: string, done: (err?: unknown, profile?: AttioProfile) => void): void {
   *     super.userProfile(accessToken, (err, profile) => done(err, profile && { ...profile, displayName: profile.displayName.toUpperCase() }));
   *   }
   * }
   * ```
   */
  override userProfile(accessToken: string, done: (err?: unknown, profile?: AttioProfile) => void): void {
    const { client, requiredScopes, allowSuspendedMembers } = this._attio;
    const checked = takeCheckedGrant(this, accessToken);
    const grant = checked ? Promise.resolve(checked) : acceptGrant(client, accessToken, requiredScopes);
    toCallback(
      grant.then((accepted) => loadProfile(client, accessToken, accepted, allowSuspendedMembers)),
      done,
    );
  }

  /** Our errors are already typed and safe to show; passport-oauth2 would wrap them in InternalOAuthError. */
  protected _createOAuthError(_message: string, err: Error): Error {
    return err;
  }
}

/** What passport-oauth2 is given: the redirect, the state and PKCE are its to run. */
function oauth2Options(resolved: ResolvedOptions): OAuth2Strategy.StrategyOptionsWithRequest {
  return {
    authorizationURL: resolved.authorizationURL,
    tokenURL: resolved.tokenURL,
    clientID: resolved.clientID,
    clientSecret: resolved.clientSecret,
    callbackURL: resolved.callbackURL,
    state: true,
    pkce: resolved.pkce,
    store: resolved.store as OAuth2Strategy.StateStore | undefined,
    sessionKey: resolved.sessionKey,
    proxy: resolved.proxy,
    // The strategy itself checks the grant and loads the profile once the
    // token is in hand, so passport-oauth2 only hands over the token.
    passReqToCallback: true,
    skipUserProfile: true,
  };
}

/** What the strategy's Attio client is given. */
function clientConfig(resolved: ResolvedOptions): AttioClientConfig {
  return {
    clientID: resolved.clientID,
    clientSecret: resolved.clientSecret,
    tokenURL: resolved.tokenURL,
    revokeURL: resolved.revokeURL,
    apiURL: resolved.apiURL,
    timeoutMs: resolved.timeoutMs,
    tokenHeaders: resolved.customHeaders,
    agent: resolved.agent,
  };
}

/** What passport-oauth2 keeps about its state store (not in its types). */
interface PassportOAuth2Internals {
  _stateStore: PassportStateStore;
  readonly _key: string;
}

/** The session store passport-oauth2 made by default, with pending-login sessions kept short (see pending-sessions.ts). */
function limitDefaultStore(strategy: PassportOAuth2Internals): void {
  strategy._stateStore = shortLivedPendingLogins(strategy._stateStore, strategy._key);
}
