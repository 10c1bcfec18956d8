/**
 * Sessions in Redis (`REDIS_URL`), for running the app as several instances
 * behind a load balancer. The session holds the sign-in's state and PKCE
 * verifier between the redirect to Attio and the callback, so with a shared
 * store a sign-in begun on one instance can finish on any other.
 */
import { RedisStore } from "connect-redis";
import type { Store } from "express-session";
import { createClient } from "redis";
import { ConfigError } from "./config";

/** A session store backed by one Redis connection. */
export interface RedisSessions {
  readonly store: Store;
  /** Closes the connection once pending commands have been answered. */
  close(): Promise<void>;
}

export interface RedisSessionsOptions {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://…`. Never logged: it may hold a password. */
  readonly url: string;
  /** Where connection problems after startup are reported (name and code only). */
  readonly log?: (line: string) => void;
  /** Milliseconds a session read or write may take before the request fails; default 2000. */
  readonly commandTimeout?: number;
}

const CONNECT_TIMEOUT_MS = 5000;
const MAX_RECONNECT_DELAY_MS = 2000;

/** Connects to Redis and resolves once it answers; rejects with a ConfigError when it cannot be reached at startup. */
export async function connectRedisSessions(options: RedisSessionsOptions): Promise<RedisSessions> {
  let ready = false;
  const client = createClient({
    url: options.url,
    // While Redis is unreachable, a request fails at once with an error page
    // rather than waiting, queued, for a reconnection that may never come.
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeout ?? 2000 },
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Give up at once if Redis never answered (a wrong URL should stop the
      // start, not hang it); once it has, keep trying with backoff.
      reconnectStrategy: (retries, cause) => (ready ? Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) : cause),
    },
  });
  // node-redis reports every failed reconnection as an "error" event, which
  // would end the process without a listener.
  client.on("error", (err: unknown) => {
    if (ready) options.log?.(`redis: ${describe(err)}`);
  });
  client.on("ready", () => (ready = true));
  try {
    await client.connect();
  } catch (err) {
    client.destroy();
    throw new ConfigError(`Could not connect to Redis at REDIS_URL (${describe(err)}). Check the URL and that the server is running.`);
  }
  return { store: new RedisStore({ client }), close: () => client.close() };
}

/** The error's code, or its name: never its message, which may carry the address or a reply. */
function describe(err: unknown): string {
  const { name, code } = (err ?? {}) as { name?: unknown; code?: unknown };
  return typeof code === "string" ? code : typeof name === "string" ? name : "Error";
}
