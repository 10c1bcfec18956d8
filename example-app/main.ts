/**
 * `npm start`: serves the example app on http://localhost:3000 (PORT overrides).
 * Without ATTIO_CLIENT_ID it starts the Attio sandbox on the app's own server
 * (one origin, so any address the browser uses works) and signs in against it; with ATTIO_CLIENT_ID, ATTIO_CLIENT_SECRET, ATTIO_CALLBACK_URL and
 * SESSION_SECRET it signs in with real Attio. With REDIS_URL, sessions live in
 * Redis, so several instances can share them.
 */
import { randomBytes } from "node:crypto";
import { createServer, RequestListener, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createExampleApp, EXAMPLE_SCOPES, ExampleAppOptions } from "./app";
import { ConfigError, readConfig, RealRun, RunConfig, SandboxRun } from "./config";
import { connectRedisSessions, RedisSessions } from "./redis-sessions";
import type { AttioSandbox } from "passport-attio/testing";
import { startSandboxMode } from "./sandbox-mode";

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const config = readConfig(process.env);
  // Before listening: a Redis that cannot be reached stops the start.
  const redis = config.redisUrl === undefined ? undefined : await connectRedisSessions({ url: config.redisUrl, log });
  // An open Redis connection would keep a failed start from exiting.
  await serve(config, redis).catch(async (err: unknown) => {
    await redis?.close();
    throw err;
  });
}

async function serve(config: RunConfig, redis: RedisSessions | undefined): Promise<void> {
  const server = createServer();
  await listen(server, config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const shared = { log, ...(redis ? { sessionStore: redis.store, connectionStore: redis.connectionStore } : {}) };
  const started = config.mode === "sandbox" ? await sandboxMode(config, server, shared) : realMode(config, shared);
  server.on("request", started.listener);
  for (const line of started.notes) console.log(line);
  console.log(
    redis
      ? "Sessions and Attio connections: in Redis (REDIS_URL), shared by every instance that uses it."
      : "Sessions and Attio connections: in this process's memory (set REDIS_URL to share them between instances).",
  );
  // In real mode the app is reached at the callback URL's origin (perhaps through a proxy).
  const url = config.mode === "real" ? new URL(config.callbackURL).origin : `http://localhost:${port}`;
  console.log(`passport-attio example (${config.mode} mode): ${url}${config.mode === "real" ? ` (listening on port ${port})` : ""}`);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void started.sandbox?.close();
    void redis?.close();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

interface Started {
  readonly listener: RequestListener;
  readonly notes: readonly string[];
  readonly sandbox?: AttioSandbox;
}

type Shared = Pick<ExampleAppOptions, "log" | "sessionStore" | "connectionStore">;

async function sandboxMode(config: SandboxRun, server: Server, shared: Shared): Promise<Started> {
  const { sandbox, listener } = await startSandboxMode({
    server,
    ...(config.grantedScopes === undefined ? {} : { grantedScopes: config.grantedScopes }),
    sessionSecret: config.sessionSecret ?? randomBytes(32).toString("hex"),
    app: { ...shared, ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }) },
  });
  const notes = [
    `Attio sandbox: ${sandbox.url}, on the app's own server (granted scopes: ${config.grantedScopes ?? EXAMPLE_SCOPES.join(" ")}; set ATTIO_SANDBOX_SCOPES to change them)`,
    ...(config.sessionSecret
      ? []
      : ["Session secret: random for this run, so sessions end when the app stops (set SESSION_SECRET to keep them)."]),
  ];
  return { sandbox, notes, listener };
}

function realMode(config: RealRun, shared: Shared): Started {
  const notes = [`Attio: signing in with real Attio; redirect URI ${config.callbackURL} must be registered on the app.`];
  if (config.callbackURL.startsWith("https:") && config.trustProxy === undefined) {
    notes.push(
      "Note: ATTIO_CALLBACK_URL is https, so the session cookie is Secure. Behind a TLS-terminating proxy, set TRUST_PROXY (e.g. 1).",
    );
  }
  return {
    notes,
    listener: createExampleApp({
      ...shared,
      mode: "real",
      attio: { clientID: config.clientID, clientSecret: config.clientSecret, callbackURL: config.callbackURL },
      requiredScopes: EXAMPLE_SCOPES,
      sessionSecret: config.sessionSecret,
      ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
    }),
  };
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

main().catch((err: unknown) => {
  // Configuration mistakes get their message alone; anything else its name too, never a stack.
  const message = err instanceof Error ? err.message : String(err);
  console.error(err instanceof ConfigError ? message : `Could not start: ${err instanceof Error ? err.name : "Error"}: ${message}`);
  process.exitCode = 1;
});
