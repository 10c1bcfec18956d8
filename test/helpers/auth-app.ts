/**
 * An Express app around a strategy that answers every outcome of a login in a
 * form a test can read, with or without a server session:
 *  - success: 200 `{ user, state }`;
 *  - authentication failure: 401 `{ failure: message }`;
 *  - a typed error (AttioError, TokenError, AuthorizationError, or a client error
 *    from Express itself): its 4xx status or 502, `{ error: { name, code, message } }`;
 *  - any other error: 500 with the stack as text, the way a development error page
 *    would show it (the hostile suite counts that as a crash).
 */
import express, { NextFunction, Request, Response } from "express";
import session from "express-session";
import { Passport } from "passport";
import type { Strategy } from "passport";
import { AttioError, AuthorizationError, TokenError } from "../../src";

export interface AuthAppOptions {
  /** Add express-session (memory store) and let passport use it. Default false: no session middleware at all. */
  readonly session?: boolean;
  /** Use Express's "extended" (qs) query parser, which turns `a[b]=c` into objects. */
  readonly extendedQuery?: boolean;
  /** Largest urlencoded body accepted (form_post callbacks). Default "100kb". */
  readonly bodyLimit?: string;
  /** Finish with plain `passport.authenticate("attio", { session: false })`: success → `{ user }`, failure → passport's own 401. */
  readonly plain?: boolean;
  /** Extra options for the authenticate call that starts a login (e.g. `state`). */
  readonly startOptions?: Readonly<Record<string, unknown>>;
  /** Log every error to console.error, as many real apps do. */
  readonly logErrors?: boolean;
}

export const SESSION_SECRET = "session-secret-for-tests-0123456789";

export function authApp(strategy: Strategy, options: AuthAppOptions = {}): express.Express {
  const passport = new Passport();
  passport.use(strategy);
  const app = express();
  if (options.extendedQuery) app.set("query parser", "extended");
  app.use(express.urlencoded({ extended: false, limit: options.bodyLimit ?? "100kb" }));
  if (options.session) app.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false }));
  app.use(passport.initialize());
  const useSession = options.session === true;
  app.get("/auth/attio", passport.authenticate("attio", { session: useSession, ...options.startOptions }));
  const finish = options.plain ? plainFinish(passport) : reportingFinish(passport, useSession);
  app.get("/auth/attio/callback", ...finish);
  app.post("/auth/attio/callback", ...finish);
  app.use(errorPage(options.logErrors === true));
  return app;
}

type PassportInstance = InstanceType<typeof Passport>;
type Handler = (req: Request, res: Response, next: NextFunction) => void;

function plainFinish(passport: PassportInstance): Handler[] {
  return [passport.authenticate("attio", { session: false }) as Handler, (req, res) => void res.json({ user: req.user })];
}

function reportingFinish(passport: PassportInstance, useSession: boolean): Handler[] {
  return [
    (req, res, next) => {
      const report = (err: unknown, user: unknown, info: unknown) => {
        if (err) return next(err);
        if (!user) return void res.status(401).json({ failure: messageOf(info), code: isObject(info) ? info["code"] : undefined });
        res.json({ user, state: isObject(info) ? info["state"] : undefined });
      };
      (passport.authenticate("attio", { session: useSession }, report) as Handler)(req, res, next);
    },
  ];
}

function messageOf(info: unknown): string | null {
  if (typeof info === "string") return info;
  return isObject(info) && typeof info["message"] === "string" ? info["message"] : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** True for the errors the package promises: typed, with a message fit to show. */
export function isTypedError(err: unknown): boolean {
  if (err instanceof AttioError || err instanceof TokenError || err instanceof AuthorizationError) return true;
  // Express and body-parser refuse bad requests with http-errors marked safe to expose.
  return isObject(err) && err["expose"] === true && typeof err["status"] === "number" && err["status"] < 500;
}

function errorPage(logErrors: boolean) {
  return (err: Error & { code?: unknown; status?: unknown }, _req: Request, res: Response, _next: NextFunction) => {
    if (logErrors) console.error(err);
    if (!isTypedError(err))
      return void res
        .status(500)
        .type("text/plain")
        .send(err.stack ?? String(err));
    const status = typeof err.status === "number" && err.status >= 400 && err.status < 500 ? err.status : 502;
    res.status(status).json({ error: { name: err.name, code: err.code, message: err.message } });
  };
}
