/**
 * One side of the comparison in a process of its own: the same Express app
 * (express-session with its MemoryStore, passport) around either strategy.
 * Started by the benchmark with `fork`; talks back over IPC.
 *
 * Messages: it sends `{ type: "ready", port }` once listening; it answers
 * `{ type: "heap" }` with `{ type: "heap", heapUsed }` measured after full GCs,
 * and `{ type: "cpu" }` with the CPU time (user + system) it has used so far.
 */
import type { AddressInfo } from "node:net";
import express, { NextFunction, Request, Response } from "express";
import session from "express-session";
import { Passport } from "passport";
import { FLOOD_PREFIX } from "./flood";
import { redisSessionStore } from "./redis-store";
import { makeStrategy, StrategyConfig } from "./strategies";

export type AppMessage =
  | { readonly type: "ready"; readonly port: number }
  | { readonly type: "heap"; readonly heapUsed: number }
  | { readonly type: "cpu"; readonly micros: number };

function buildApp(config: StrategyConfig, store: session.Store | undefined): express.Express {
  const passport = new Passport();
  passport.use(makeStrategy(config));
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  const app = express();
  app.use(
    session({ ...(store ? { store } : {}), secret: "bench-session-secret-0123456789abcdef", resave: false, saveUninitialized: false }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  app.get("/auth/attio", passport.authenticate("attio"));
  app.get("/auth/attio/callback", passport.authenticate("attio", { failureRedirect: "/failed" }), (req: Request, res: Response) => {
    res.json({ user: req.user });
  });
  app.get("/failed", (_req: Request, res: Response) => {
    res.status(401).json({ failed: true });
  });
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: err.name });
  });
  return app;
}

/** Heap in use once garbage is gone; several passes so weak and finalised objects go too. */
function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("Run with --expose-gc to measure memory.");
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? "{}") as StrategyConfig;
  const store = config.redisUrl ? await redisSessionStore(config.redisUrl, FLOOD_PREFIX) : undefined;
  const server = buildApp(config, store).listen(0, "127.0.0.1", () => {
    send({ type: "ready", port: (server.address() as AddressInfo).port });
  });
  process.on("message", (message: { type?: string }) => {
    if (message.type === "heap") send({ type: "heap", heapUsed: settledHeap() });
    if (message.type === "cpu") {
      const { user, system } = process.cpuUsage();
      send({ type: "cpu", micros: user + system });
    }
  });
  process.on("disconnect", () => process.exit(0));
}

function send(message: AppMessage): void {
  process.send?.(message);
}

void main();
