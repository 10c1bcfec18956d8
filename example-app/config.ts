/**
 * Reading the example app's settings from the environment. Without
 * ATTIO_CLIENT_ID it runs against the built-in Attio sandbox; with it, against
 * real Attio, and then every setting real Attio needs must be there.
 */

/** Settings for a run against the sandbox. */
export interface SandboxRun {
  readonly mode: "sandbox";
  readonly port: number;
  readonly host: string;
  /** SESSION_SECRET, or undefined for a random one per start. */
  readonly sessionSecret: string | undefined;
  /** ATTIO_SANDBOX_SCOPES: the scopes the sandbox grants, or undefined for the ones the app requires. */
  readonly grantedScopes: string | undefined;
  readonly trustProxy: boolean | number | string | undefined;
  /** REDIS_URL: keep sessions in Redis, shared by every instance; undefined for memory. */
  readonly redisUrl: string | undefined;
}

/** Settings for a run against real Attio. */
export interface RealRun {
  readonly mode: "real";
  readonly port: number;
  readonly host: string | undefined;
  readonly clientID: string;
  readonly clientSecret: string;
  readonly callbackURL: string;
  readonly sessionSecret: string;
  readonly trustProxy: boolean | number | string | undefined;
  readonly redisUrl: string | undefined;
}

export type RunConfig = SandboxRun | RealRun;

/** A setting is missing or wrong; the message says which and how to fix it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const MIN_SECRET_LENGTH = 32;

export function readConfig(env: Readonly<Record<string, string | undefined>>): RunConfig {
  const port = readPort(env["PORT"]);
  const trustProxy = readTrustProxy(env["TRUST_PROXY"]);
  const redisUrl = readRedisUrl(env["REDIS_URL"]);
  const sessionSecret = nonEmpty(env["SESSION_SECRET"]);
  if (sessionSecret !== undefined && sessionSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters long (a random string, e.g. from: openssl rand -hex 32).`,
    );
  }
  const clientID = nonEmpty(env["ATTIO_CLIENT_ID"]);
  if (clientID === undefined) {
    return {
      mode: "sandbox",
      port,
      host: nonEmpty(env["HOST"]) ?? "127.0.0.1",
      sessionSecret,
      grantedScopes: nonEmpty(env["ATTIO_SANDBOX_SCOPES"]),
      trustProxy,
      redisUrl,
    };
  }
  const clientSecret = nonEmpty(env["ATTIO_CLIENT_SECRET"]);
  const callbackURL = nonEmpty(env["ATTIO_CALLBACK_URL"]);
  const missing = Object.entries({ ATTIO_CLIENT_SECRET: clientSecret, ATTIO_CALLBACK_URL: callbackURL, SESSION_SECRET: sessionSecret })
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (clientSecret === undefined || callbackURL === undefined || sessionSecret === undefined) {
    throw new ConfigError(`ATTIO_CLIENT_ID is set, so the app talks to real Attio and also needs: ${missing.join(", ")}.`);
  }
  return {
    mode: "real",
    port,
    host: nonEmpty(env["HOST"]),
    clientID,
    clientSecret,
    callbackURL: readCallbackURL(callbackURL),
    sessionSecret,
    trustProxy,
    redisUrl,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function readPort(value: string | undefined): number {
  if (nonEmpty(value) === undefined) return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError("PORT must be a whole number from 0 to 65535.");
  return port;
}

function readCallbackURL(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError("ATTIO_CALLBACK_URL must be an absolute URL, e.g. https://app.example.com/auth/attio/callback.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigError("ATTIO_CALLBACK_URL must be an http or https URL.");
  return url.toString();
}

/** A redis:// or rediss:// URL. The message never repeats the value: it may hold a password. */
function readRedisUrl(value: string | undefined): string | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  if (!URL.canParse(text) || !["redis:", "rediss:"].includes(new URL(text).protocol)) {
    throw new ConfigError("REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379.");
  }
  return text;
}

/** Express's `trust proxy`: true/false, a hop count, or addresses such as "loopback". */
function readTrustProxy(value: string | undefined): boolean | number | string | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  if (text === "true" || text === "false") return text === "true";
  return /^\d+$/.test(text) ? Number(text) : text;
}
