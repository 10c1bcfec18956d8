/** The options of {@link AttioConnections}, checked when it is built. */
import { AttioConfigError } from "../errors";
import { secretsOption } from "../state/options";
import { internalsOf } from "../strategy/internals";
import type { AttioStrategy } from "../strategy/strategy";
import { rejectUnknownOptions } from "../util/options";
import type { AttioConnectionStore } from "./store";

/**
 * Options of {@link AttioConnections}.
 *
 * @example
 * ```ts
 * const options: AttioConnectionsOptions = {
 *   strategy,
 *   secret: process.env.TOKEN_KEYS!.split(","), // newest first
 *   store: new Map<string, string>(),
 *   checkInterval: 15 * 60 * 1000,
 * };
 * ```
 */
export interface AttioConnectionsOptions {
  /** The strategy whose client, URLs and timeout are used to refresh, check and revoke. */
  strategy: AttioStrategy;
  /**
   * At least 32 random characters. An array rotates keys: the first seals every
   * write, each one opens. Derived with HKDF for this purpose only, so the same
   * value may not, but could, also serve CookieStateStore.
   */
  secret: string | readonly string[];
  /** Where records live. Default: a `Map` in this process. */
  store?: AttioConnectionStore;
  /** Prefix of every store key; the connection id follows. Default `"attio-connection:"`. */
  keyPrefix?: string;
  /** Milliseconds after which `getAccessToken` asks Attio again whether the token is active. Default 900000 (15 minutes). */
  checkInterval?: number;
  /** Milliseconds before `expiresAt` at which a token is refreshed. Default 60000. */
  refreshBeforeExpiry?: number;
  /** Milliseconds each store call may take. Default 2000. */
  storeTimeout?: number;
}

/** Options after checking, with defaults filled in. */
export interface ResolvedConnectionsOptions {
  readonly strategy: AttioStrategy;
  readonly secrets: readonly string[];
  readonly store: AttioConnectionStore;
  readonly keyPrefix: string;
  readonly checkIntervalMs: number;
  readonly refreshBeforeExpiryMs: number;
  readonly storeTimeoutMs: number;
}

const KNOWN = ["strategy", "secret", "store", "keyPrefix", "checkInterval", "refreshBeforeExpiry", "storeTimeout"] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Checks every option; throws {@link AttioConfigError} on the first problem. */
export function resolveConnectionsOptions(options: unknown): ResolvedConnectionsOptions {
  if (typeof options !== "object" || options === null) throw configError("options must be an object.");
  const given = options as Partial<Record<string, unknown>>;
  rejectUnknownOptions(given, KNOWN, configError);
  return {
    strategy: strategyOption(given["strategy"]),
    secrets: secretsOption(given["secret"], "AttioConnections"),
    store: storeOption(given["store"]),
    keyPrefix: prefixOption(given["keyPrefix"]),
    checkIntervalMs: integer(given["checkInterval"], "checkInterval", 0, 30 * DAY_MS) ?? 15 * 60 * 1000,
    refreshBeforeExpiryMs: integer(given["refreshBeforeExpiry"], "refreshBeforeExpiry", 0, DAY_MS) ?? 60_000,
    storeTimeoutMs: integer(given["storeTimeout"], "storeTimeout", 1, 60_000) ?? 2000,
  };
}

/** Not `instanceof`: an app that loads the package both as ESM and as CommonJS has two AttioStrategy classes. */
function strategyOption(value: unknown): AttioStrategy {
  if (typeof value === "object" && value !== null) {
    try {
      internalsOf(value);
      return value as AttioStrategy;
    } catch {
      // reported below
    }
  }
  throw configError('"strategy" must be an AttioStrategy.');
}

function storeOption(value: unknown): AttioConnectionStore {
  if (value === undefined) return new Map<string, string>();
  const store = value as Partial<Record<string, unknown>>;
  const methods = ["get", "set", "delete"].every((name) => typeof store[name] === "function");
  if (typeof value === "object" && value !== null && methods) return value as AttioConnectionStore;
  throw configError('"store" must have get(key), set(key, value) and delete(key) methods (a Map or a Keyv instance will do).');
}

function prefixOption(value: unknown): string {
  if (value === undefined) return "attio-connection:";
  if (typeof value === "string" && value.length <= 100) return value;
  throw configError('"keyPrefix" must be a string of at most 100 characters.');
}

function integer(value: unknown, key: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) return value as number;
  throw configError(`"${key}" must be a whole number of milliseconds from ${min} to ${max}.`);
}

function configError(problem: string): AttioConfigError {
  return new AttioConfigError(`AttioConnections: ${problem}`);
}
