/**
 * Signing in with Attio: the strategy, passport's session handling, and the
 * routes that start and finish a sign-in. This is the part to copy into an app.
 */
import type { NextFunction, Request, Response, Router } from "express";
import { Passport } from "passport";
import { AttioConnections, AttioStrategy } from "passport-attio";
import type { AttioProfile, AttioScope, AttioTokenParams } from "passport-attio";
import { Account, toAccount } from "./account";
import { describeError, describeFailure, SignInFailure } from "./failures";

/** A passport instance (the types name its class only as a value). */
export type PassportInstance = InstanceType<typeof Passport>;

/** Where the app's Attio app lives: Attio itself, or the sandbox. */
export interface AttioSettings {
  readonly clientID: string;
  readonly clientSecret: string;
  /** Must be registered as a redirect URI on the app in Attio's developer dashboard. */
  readonly callbackURL: string;
  /** Only for the sandbox; Attio's own URLs are the strategy's defaults. */
  readonly authorizationURL?: string;
  readonly tokenURL?: string;
  readonly revokeURL?: string;
  readonly apiURL?: string;
  /** Milliseconds each request to Attio may take (the strategy's default is 10 s). */
  readonly timeout?: number;
}

/**
 * The strategy with the scopes this app needs. `connections` is asked for at
 * each sign-in: it is built from the strategy, so it exists only afterwards.
 */
export function attioStrategy(
  settings: AttioSettings,
  requiredScopes: readonly AttioScope[],
  connections: () => AttioConnections,
): AttioStrategy {
  return new AttioStrategy(
    { ...settings, scope: requiredScopes },
    // By now the strategy has checked the granted scopes and built the profile.
    // A real app would find or create its user here; this one keeps a summary,
    // and the token goes to AttioConnections, sealed, under the connection id.
    async (accessToken: string, refreshToken: string | undefined, params: AttioTokenParams, profile: AttioProfile) => {
      const account = toAccount(profile);
      await connections().save(account.connectionId, { accessToken, refreshToken, params, profile });
      return account;
    },
  );
}

/**
 * A passport instance of the app's own (rather than the module's shared
 * singleton), so several apps can live in one process, as tests do.
 */
export function passportFor(strategy: AttioStrategy): PassportInstance {
  const passport = new Passport();
  passport.use(strategy);
  // The whole account summary lives in the session; there is no user database.
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  return passport;
}

/** `GET /auth/attio` starts a sign-in; a GET on the callback URL's path finishes it. */
export function mountSignIn(router: Router, passport: PassportInstance, callbackURL: string): void {
  router.get("/auth/attio", passport.authenticate("attio"));
  // A path alone is resolved against each request's own origin, by passport-oauth2 too.
  const callbackPath = new URL(callbackURL, "http://callback.invalid").pathname;
  // Compared as a plain string: a registered path is not an Express route pattern.
  router.use((req, res, next) => (req.method === "GET" && req.path === callbackPath ? finishSignIn(passport, req, res, next) : next()));
}

/**
 * A custom callback rather than `failureRedirect`, to tell the failures apart:
 * `info.code` says which grant problem it was, and errors (Attio refusing the
 * code, Attio unreachable) get their own explanation instead of a 500.
 */
function finishSignIn(passport: PassportInstance, req: Request, res: Response, next: NextFunction): void {
  const callback = (err: unknown, result: unknown, info: unknown) => {
    if (err) return rememberFailure(req, res, next, describeError(err));
    if (!result) return rememberFailure(req, res, next, describeFailure(info));
    // passport 0.7's req.logIn regenerates the session first (no session fixation).
    // The session holds the account summary and its connection id, never the token.
    req.logIn(result as Account & Express.User, (loginErr: unknown) => {
      if (loginErr) return next(loginErr);
      res.redirect("/profile");
    });
  };
  (passport.authenticate("attio", callback) as (req: Request, res: Response, next: NextFunction) => void)(req, res, next);
}

/** Post/redirect/get: the failure page is a plain GET that a reload cannot re-run. */
function rememberFailure(req: Request, res: Response, next: NextFunction, failure: SignInFailure): void {
  req.session.signInFailure = failure;
  req.session.save((err) => (err ? next(err) : res.redirect("/auth/failed")));
}
