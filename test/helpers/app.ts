/**
 * A small Express app around a strategy, driven over loopback with supertest,
 * so tests see exactly what a browser would: redirects, cookies, pages.
 */
import express, { NextFunction, Request, Response } from "express";
import session from "express-session";
import { Passport } from "passport";
import type { Strategy } from "passport";
import request from "supertest";
import { AUTH_CODE } from "../../harness/fixtures";

export interface LoginApp {
  readonly app: express.Express;
  readonly agent: ReturnType<typeof request.agent>;
}

/** The Express and Passport an app is built with: this repository's, or other versions' (the ecosystem tests). */
export interface Frameworks {
  readonly express: typeof express;
  readonly Passport: typeof Passport;
}

/**
 * Routes: `GET /auth/attio` starts a login; `GET /auth/attio/callback` finishes
 * it and answers the user as JSON; failures land on `/failed`, which answers the
 * failure messages as JSON; errors answer `{ error: { name, code, status, message } }`.
 */
export function loginApp(
  strategy: Strategy,
  authenticateOptions: Record<string, unknown> = {},
  frameworks: Frameworks = { express, Passport },
): LoginApp {
  const passport = new frameworks.Passport();
  passport.use(strategy);
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  const app = frameworks.express();
  app.use(frameworks.express.urlencoded({ extended: false }));
  app.use(session({ secret: "test-session-secret", resave: false, saveUninitialized: false }));
  app.use(passport.initialize());
  app.use(passport.session());
  app.get("/auth/attio", passport.authenticate("attio", { ...authenticateOptions }));
  const finish = passport.authenticate("attio", { failureRedirect: "/failed", failureMessage: true, ...authenticateOptions });
  app.get("/auth/attio/callback", finish, (req: Request, res: Response) => {
    res.json({ user: req.user });
  });
  app.post("/auth/attio/callback", finish, (req: Request, res: Response) => {
    res.json({ user: req.user });
  });
  app.get("/failed", (req: Request, res: Response) => {
    const messages = (req.session as unknown as { messages?: string[] }).messages ?? [];
    res.status(401).json({ messages });
  });
  app.use((err: Error & { code?: unknown; status?: unknown }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: { name: err.name, code: err.code, status: err.status, message: err.message } });
  });
  return { app, agent: request.agent(app) };
}

/**
 * Opens an authorize URL at an Attio sandbox started with `autoApprove`, as a
 * browser would; gives the query it sends back to the callback (`code`, `state`).
 */
export async function approvedAt(authorize: URL): Promise<URLSearchParams> {
  const response = await fetch(authorize, { redirect: "manual" });
  if (response.status !== 302) throw new Error(`the sandbox did not approve (HTTP ${response.status})`);
  return new URL(response.headers.get("location") ?? "").searchParams;
}

/** Starts a login and returns the authorize URL the strategy redirected to. */
export async function startLogin(agent: LoginApp["agent"], path = "/auth/attio"): Promise<URL> {
  const response = await agent.get(path).expect(302);
  return new URL(response.headers["location"] as string);
}

/** Starts a login, then returns to the callback as Attio would: with a code and the state it was given. */
export async function returnFromAttio(
  login: LoginApp,
  status: number,
  query: (state: string) => string = (state) => `code=${AUTH_CODE}&state=${state}`,
) {
  const authorize = await startLogin(login.agent);
  return login.agent.get(`/auth/attio/callback?${query(authorize.searchParams.get("state") ?? "")}`).expect(status);
}
