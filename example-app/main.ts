/**
 * `npm start`: serves the example app on http://localhost:3000 (PORT overrides).
 * Without ATTIO_CLIENT_ID it starts the Attio sandbox on loopback and signs in
 * against it; with ATTIO_CLIENT_ID, ATTIO_CLIENT_SECRET, ATTIO_CALLBACK_URL and
 * SESSION_SECRET it signs in with real Attio. With REDIS_URL, sessions live in
 * Redis, so several instances can share them.
 */
import { randomBytes } from "node:crypto";
import { createServer, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createExampleApp, EXAMPLE_SCOPES, ExampleAppOptions } from "./app";
import { ConfigError, readConfig, RealRun, RunConfig, SandboxRun } from "./config";
import { connectRedisSessions, RedisSessions } from "./redis-sessions";
import { AttioSandbox, startAttioSandbox } from "passport-attio/testing";

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
  const started = config.mode === "sandbox" ? await sandboxMode(config, port) : realMode(config);
  const stores = redis ? { sessionStore: redis.store, connectionStore: redis.connectionStore } : {};
  server.on("request", createExampleApp({ ...started.options, log, ...stores }));
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
  readonly options: ExampleAppOptions;
  readonly notes: readonly string[];
  readonly sandbox?: AttioSandbox;
}

async function sandboxMode(config: SandboxRun, port: number): Promise<Started> {
  const callbackURL = `http://localhost:${port}/auth/attio/callback`;
  // A fresh client secret per start: nothing real to protect, nothing to configure.
  const clientID = "sandbox-example-app";
  const clientSecret = randomBytes(24).toString("base64url");
  const sandbox = await startAttioSandbox({
    clientID,
    clientSecret,
    redirectUris: [callbackURL],
    grantedScopes: config.grantedScopes ?? EXAMPLE_SCOPES,
    appName: "passport-attio example",
  });
  const notes = [
    `Attio sandbox: ${sandbox.url} (granted scopes: ${config.grantedScopes ?? EXAMPLE_SCOPES.join(" ")}; set ATTIO_SANDBOX_SCOPES to change them)`,
    ...(config.sessionSecret
      ? []
      : ["Session secret: random for this run, so sessions end when the app stops (set SESSION_SECRET to keep them)."]),
  ];
  return {
    sandbox,
    notes,
    options: {
      mode: "sandbox",
      attio: {
        clientID,
        clientSecret,
        callbackURL,
        authorizationURL: sandbox.authorizationURL,
        tokenURL: sandbox.tokenURL,
        revokeURL: sandbox.revokeURL,
        apiURL: sandbox.apiURL,
      },
      requiredScopes: EXAMPLE_SCOPES,
      sessionSecret: config.sessionSecret ?? randomBytes(32).toString("hex"),
      imageOrigins: [sandbox.url],
      ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
    },
  };
}

function realMode(config: RealRun): Started {
  const notes = [`Attio: signing in with real Attio; redirect URI ${config.callbackURL} must be registered on the app.`];
  if (config.callbackURL.startsWith("https:") && config.trustProxy === undefined) {
    notes.push(
      "Note: ATTIO_CALLBACK_URL is https, so the session cookie is Secure. Behind a TLS-terminating proxy, set TRUST_PROXY (e.g. 1).",
    );
  }
  return {
    notes,
    options: {
      mode: "real",
      attio: { clientID: config.clientID, clientSecret: config.clientSecret, callbackURL: config.callbackURL },
      requiredScopes: EXAMPLE_SCOPES,
      sessionSecret: config.sessionSecret,
      ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
    },
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
