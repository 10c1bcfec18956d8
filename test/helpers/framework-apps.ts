/**
 * One strategy mounted as each framework's own Passport integration would mount
 * it, without sessions: Express (passport), Fastify 5 (@fastify/passport), Koa
 * (koa-passport) and a plain Node server. `GET /auth/attio` starts a login;
 * `GET /auth/attio/callback` answers `{ user }`, or 401 `{ message }` on a failure.
 */
import { Authenticator } from "@fastify/passport";
import Router from "@koa/router";
import express from "express";
import fastifySecureSession from "@fastify/secure-session";
import Fastify from "fastify";
import Koa from "koa";
import { KoaPassport } from "koa-passport";
import { randomBytes } from "node:crypto";
import { IncomingMessage, request, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Passport } from "passport";
import type { Strategy } from "passport";
import { listen, Listening } from "../../harness/server";

export type FrameworkName = "express" | "fastify" | "koa" | "node";
export const FRAMEWORKS: readonly FrameworkName[] = ["express", "fastify", "koa", "node"];

/** What each app's settings for a proxy in front of it can be. */
export interface FrameworkAppOptions {
  /** Express's `trust proxy`, Fastify's `trustProxy`, Koa's `app.proxy` (true or false only). */
  readonly trustProxy?: boolean | string;
}

type Outcome = (err: unknown, user: unknown, info: unknown) => { status: number; body: unknown };

/** How every app answers a finished callback: the user, the failure's message, or the error's. */
const outcome: Outcome = (err, user, info) => {
  if (err) return { status: 500, body: { error: err instanceof Error ? err.message : String(err) } };
  if (!user) return { status: 401, body: { message: (info as { message?: unknown } | undefined)?.message } };
  return { status: 200, body: { user } };
};

/** Starts `framework`'s app around `strategy` on a free loopback port. */
export async function startFrameworkApp(
  framework: FrameworkName,
  strategy: Strategy,
  options: FrameworkAppOptions = {},
): Promise<Listening> {
  switch (framework) {
    case "express":
      return listen(expressApp(strategy, options));
    case "fastify":
      return fastifyApp(strategy, options);
    case "koa":
      return listen(koaApp(strategy, options).callback());
    case "node":
      return listen(nodeApp(strategy));
  }
}

function expressApp(strategy: Strategy, options: FrameworkAppOptions) {
  const passport = new Passport();
  passport.use(strategy);
  const app = express();
  if (options.trustProxy !== undefined) app.set("trust proxy", options.trustProxy);
  app.use(passport.initialize());
  app.get("/auth/attio", passport.authenticate("attio", { session: false }));
  app.get("/auth/attio/callback", (req, res, next) => {
    passport.authenticate("attio", { session: false }, (err: unknown, user: unknown, info: unknown) => {
      const { status, body } = outcome(err, user, info);
      res.status(status).json(body);
    })(req, res, next);
  });
  return app;
}

async function fastifyApp(strategy: Strategy, options: FrameworkAppOptions): Promise<Listening> {
  const passport = new Authenticator();
  passport.use("attio", strategy);
  const app = Fastify({ trustProxy: options.trustProxy ?? false });
  // @fastify/passport needs a session plugin registered, even for routes with session: false.
  await app.register(fastifySecureSession, { key: randomBytes(32) });
  await app.register(passport.initialize());
  app.get("/auth/attio", { preValidation: passport.authenticate("attio", { session: false }) }, async () => "");
  app.get(
    "/auth/attio/callback",
    passport.authenticate("attio", { session: false }, async (_request, reply, err, user, info) => {
      const { status, body } = outcome(err, user, info);
      await reply.code(status).send(body);
    }),
  );
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return { server: app.server, origin: `http://127.0.0.1:${port}`, close: () => app.close() };
}

function koaApp(strategy: Strategy, options: FrameworkAppOptions): Koa {
  const passport = new KoaPassport();
  passport.use(strategy);
  const app = new Koa();
  app.proxy = options.trustProxy === true;
  const router = new Router();
  router.get("/auth/attio", passport.authenticate("attio", { session: false }));
  router.get("/auth/attio/callback", (ctx, next) =>
    passport.authenticate("attio", { session: false }, (err: unknown, user: unknown, info: unknown) => {
      const { status, body } = outcome(err, user, info);
      ctx.status = status;
      ctx.body = body;
    })(ctx, next),
  );
  app.use(passport.initialize());
  app.use(router.routes());
  return app;
}

/** No framework: Passport's middleware on Node's own request and response. */
function nodeApp(strategy: Strategy) {
  const passport = new Passport();
  passport.use(strategy);
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    (req as unknown as { query: unknown }).query = Object.fromEntries(url.searchParams);
    const answer = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(body));
    };
    const done =
      url.pathname === "/auth/attio/callback"
        ? (err: unknown, user: unknown, info: unknown) => {
            const { status, body } = outcome(err, user, info);
            answer(status, body);
          }
        : undefined;
    const middleware = passport.authenticate("attio", { session: false }, done) as (
      req: unknown,
      res: unknown,
      next: (err?: unknown) => void,
    ) => void;
    middleware(req, res, (err) => answer(500, { error: String(err) }));
  };
}

/** A response as a test reads it. */
export interface RawResponse {
  readonly status: number;
  readonly location: string | undefined;
  readonly setCookie: string[];
  readonly body: string;
}

/** GETs `path` with exactly these headers (Host included), as a browser or a proxy in front of the app would send it. */
export function rawGet(app: Listening, path: string, headers: Record<string, string>): Promise<RawResponse> {
  const { hostname, port } = new URL(app.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, headers, timeout: 5000 }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookie: res.headers["set-cookie"] ?? [], body }),
      );
    });
    req.on("error", reject).on("timeout", () => req.destroy(new Error("timed out")));
    req.end();
  });
}
