/**
 * Sessions in Redis (`REDIS_URL`), for running the app as several instances
 * behind a load balancer. The session holds the sign-in's state and PKCE
 * verifier between the redirect to Attio and the callback, so with a shared
 * store a sign-in begun on one instance can finish on any other.
 */
import { RedisStore } from "connect-redis";
import type { Store } from "express-session";
import { createClient, ReconnectStrategyError } from "redis";
import type { AttioConnectionStore } from "passport-attio";
import { ConfigError } from "./config";
import { redisConnectionStore } from "./connection-store";

/** A session store backed by one Redis connection, and the app's Attio connections on the same one. */
export interface RedisSessions {
  readonly store: Store;
  /** Where AttioConnections keeps its sealed records. */
  readonly connectionStore: AttioConnectionStore;
  /** Closes the connection once pending commands have been answered. */
  close(): Promise<void>;
}

export interface RedisSessionsOptions {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://…`. Never logged: it may hold a password. */
  readonly url: string;
  /** Where losing and regaining the connection after startup is reported (with an error code, never the URL). */
  readonly log?: (line: string) => void;
  /** Milliseconds a session read or write may take before the request fails; default 2000. */
  readonly commandTimeout?: number;
}

const CONNECT_TIMEOUT_MS = 5000;
const MAX_RECONNECT_DELAY_MS = 2000;

/** Connects to Redis and resolves once it answers; rejects with a ConfigError when it cannot be reached at startup. */
export async function connectRedisSessions(options: RedisSessionsOptions): Promise<RedisSessions> {
  let everReady = false;
  let connected = false;
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
      reconnectStrategy: (retries, cause) => (everReady ? Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) : cause),
    },
  });
  // node-redis reports every failed reconnection as an "error" event, which
  // would end the process without a listener. One line when the connection
  // goes and one when it is back, not one per attempt.
  client.on("error", (err: unknown) => {
    if (connected) options.log?.(`redis: connection lost (${describe(err)}); reconnecting`);
    connected = false;
  });
  client.on("ready", () => {
    if (everReady) options.log?.("redis: reconnected");
    everReady = connected = true;
  });
  try {
    await client.connect();
  } catch (err) {
    client.destroy();
    const cause = err instanceof ReconnectStrategyError ? err.originalError : err;
    throw new ConfigError(
      `Could not connect to Redis at REDIS_URL (${describe(cause)}). Check the URL, the password and that the server is running.`,
    );
  }
  return { store: new RedisStore({ client }), connectionStore: redisConnectionStore(client), close: () => client.close() };
}

/** The error's code (ECONNREFUSED, WRONGPASS, …) or its class: never its whole message, which may hold the address. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return "Error";
  const { code } = err as { code?: unknown };
  if (typeof code === "string") return code;
  // A Redis error reply starts with its code, e.g. "WRONGPASS invalid username-password pair".
  return /^[A-Z][A-Z_]+(?= )/.exec(err.message)?.[0] ?? err.constructor.name;
}
