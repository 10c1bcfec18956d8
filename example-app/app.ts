/**
 * The example app: an Express 5 app that signs people in with Attio through
 * passport-attio. `createExampleApp` builds it from settings, so `main.ts` can
 * run it for people and tests can run it on a spare port.
 */
import "./session";
import express, { NextFunction, Request, Response } from "express";
import type { Store } from "express-session";
import { AttioConnections } from "passport-attio";
import type { AttioConnectionStore, AttioScope } from "passport-attio";
import { Account, currentAccount } from "./account";
import { attioStrategy, AttioSettings, mountSignIn, passportFor } from "./auth";
import { sameOriginPosts, securityHeaders, sessions } from "./security";
import { atRequestOrigin, sandboxRedirectsAtRequestOrigin } from "./request-origin";
import { mountTokenActions } from "./token-actions";
import { failurePage, messagePage } from "./views/failure";
import { homePage } from "./views/home";
import { Mode, PageContext } from "./views/layout";
import type { Notice } from "./views/notice";
import { profilePage } from "./views/profile";

/**
 * The scopes this app requires: reading records is what a CRM integration
 * typically does first; `user_management:read` lets the profile show who approved.
 */
export const EXAMPLE_SCOPES: readonly AttioScope[] = ["record_permission:read", "user_management:read"];

/** Everything the app needs; `main.ts` reads it from the environment. */
export interface ExampleAppOptions {
  readonly mode: Mode;
  readonly attio: AttioSettings;
  /** The scopes the app requires; sign-in fails when Attio grants fewer. */
  readonly requiredScopes: readonly AttioScope[];
  readonly sessionSecret: string;
  /** Where sessions live; default express-session's memory store, which suits one process only. */
  readonly sessionStore?: Store;
  /** Where Attio connections (the sealed tokens) live; default this process's memory. */
  readonly connectionStore?: AttioConnectionStore;
  /** Keys that seal the tokens at rest, newest first; default the session secret (the derivations differ). */
  readonly tokenKeys?: readonly string[];
  /** Express's `trust proxy` setting, only when the app runs behind a reverse proxy. */
  readonly trustProxy?: boolean | number | string;
  /** Extra origins the pages may load images from (a sandbox on a port of its own). */
  readonly imageOrigins?: readonly string[];
  /**
   * The sandbox's URL when it shares this app's server (sandbox mode): redirects
   * to it and its images are sent on whichever address the browser used.
   */
  readonly sandboxUrl?: string;
  /** Where a line per request and per error goes; nothing is logged without it. */
  readonly log?: (line: string) => void;
}

/**
 * Builds the app. It serves the origin of `attio.callbackURL`, over https when
 * that is https; a callback URL that is a path serves whichever origin a request came to.
 */
export function createExampleApp(options: ExampleAppOptions): express.Express {
  const publicOrigin = options.attio.callbackURL.startsWith("/") ? undefined : new URL(options.attio.callbackURL).origin;
  const secure = publicOrigin?.startsWith("https:") ?? false;
  const { sandboxUrl } = options;
  const strategy = attioStrategy(options.attio, options.requiredScopes, () => connections);
  const connections = new AttioConnections({
    strategy,
    secret: options.tokenKeys ?? options.sessionSecret,
    ...(options.connectionStore ? { store: options.connectionStore } : {}),
  });
  const passport = passportFor(strategy);
  const page = (req: Request): PageContext => ({ mode: options.mode, signedInAs: currentAccount(req)?.displayName ?? null });

  const app = express();
  if (options.trustProxy !== undefined) app.set("trust proxy", options.trustProxy);
  if (options.log) app.use(requestLog(options.log));
  app.use(securityHeaders({ secure, imageOrigins: options.imageOrigins ?? [] }));
  app.use(noStore);
  if (sandboxUrl !== undefined) app.use(sandboxRedirectsAtRequestOrigin(sandboxUrl));
  app.use(sessions({ secret: options.sessionSecret, secure, store: options.sessionStore }));
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(
    sameOriginPosts(publicOrigin, (res) =>
      res
        .status(403)
        .send(
          messagePage(
            { mode: options.mode, signedInAs: null },
            "Request refused",
            "This form was not sent from this site's own pages, so it was ignored.",
          ),
        ),
    ),
  );

  app.get("/", (req, res) => void res.send(homePage(page(req), takeNotice(req))));
  mountSignIn(app, passport, options.attio.callbackURL);
  app.get("/auth/failed", (req, res) => {
    const failure = req.session.signInFailure;
    delete req.session.signInFailure;
    if (!failure) return res.send(messagePage(page(req), "Nothing to report", "There is no failed sign-in to explain."));
    res.status(401).send(failurePage(page(req), failure, hintFor(options.mode, failure.kind)));
  });
  app.get("/profile", (req, res, next) => {
    const account = currentAccount(req);
    if (!account) return res.redirect("/");
    const notice = takeNotice(req);
    const shown = sandboxUrl === undefined ? account : withImagesAt(account, (url) => atRequestOrigin(req, url, sandboxUrl));
    connections
      .get(account.connectionId)
      .then((connection) =>
        res.send(profilePage(page(req), { account: shown, connection, requiredScopes: strategy.requiredScopes, notice })),
      )
      .catch(next);
  });
  mountTokenActions(app, strategy, connections);
  app.post("/logout", (req, res, next) => {
    // passport 0.7 regenerates the session on logout: the token goes with it.
    req.logout((err) => (err ? next(err) : res.redirect("/")));
  });

  app.use((req, res) => void res.status(404).send(messagePage(page(req), "Page not found", "There is no page at this address.")));
  app.use(errorPage(options, page));
  return app;
}

/** The outcome of the last action, shown once. */
function takeNotice(req: Request): Notice | undefined {
  const notice = req.session.notice;
  delete req.session.notice;
  return notice;
}

/** The account with its avatar and logo URLs passed through `move`. */
function withImagesAt(account: Account, move: (url: string) => string): Account {
  const at = (url: string | null) => (url === null ? null : move(url));
  return { ...account, avatarUrl: at(account.avatarUrl), workspace: { ...account.workspace, logoUrl: at(account.workspace.logoUrl) } };
}

/** A pointer for the sandbox user who wants to see a failure go away. */
function hintFor(mode: Mode, kind: string): string | null {
  if (mode !== "sandbox" || kind !== "scopes") return null;
  return "In sandbox mode the granted scopes come from ATTIO_SANDBOX_SCOPES: unset it (or include the missing scopes) and restart.";
}

/** Pages hold personal data: no caching anywhere. */
function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set("cache-control", "no-store");
  next();
}

/** Method, path (never the query: it may hold an authorization code) and status. */
function requestLog(log: (line: string) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.on("finish", () => log(`${req.method} ${req.path} ${res.statusCode}`));
    next();
  };
}

/** The last resort: a plain page, never a stack trace; the log gets the error's name and code. */
function errorPage(options: ExampleAppOptions, page: (req: Request) => PageContext) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const { name, code, status } = (err ?? {}) as { name?: unknown; code?: unknown; status?: unknown };
    options.log?.(`error: ${String(name)}${typeof code === "string" ? ` (${code})` : ""}`);
    const httpStatus = typeof status === "number" && status >= 400 && status < 500 ? status : 500;
    if (res.headersSent) return void res.end();
    res
      .status(httpStatus)
      .send(messagePage(page(req), "Something went wrong", "The page could not be shown. Please go back and try again."));
  };
}
