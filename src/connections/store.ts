/**
 * The app's key-value store, as connections use it: every call bounded by a
 * timeout, every failure a typed error, every value checked to be a string.
 */
import { AttioConnectionError } from "../errors";

/**
 * Where connection records live: anything with `get`, `set` and `delete`,
 * synchronous or returning promises. A `Map<string, string>` fits, and so does
 * a Keyv instance (Redis, Postgres, MySQL, SQLite…). Values are opaque strings.
 *
 * `setIfAbsent` is optional: an atomic "set if not there, expiring after
 * `ttlMs`" (Redis `SET key value NX PX ttl`). With it, processes sharing the
 * store take turns to refresh a token, so an expiry costs one refresh request;
 * without it they still end with a working token, via Attio's `invalid_grant`.
 *
 * @example
 * ```ts
 * import type { AttioConnectionStore } from "passport-attio";
 * import { createClient } from "redis";
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const store: AttioConnectionStore = {
 *   get: (key) => redis.get(key),
 *   set: (key, value) => redis.set(key, value),
 *   delete: (key) => redis.del(key),
 *   setIfAbsent: async (key, value, ttlMs) => (await redis.set(key, value, { condition: "NX", expiration: { type: "PX", value: ttlMs } })) === "OK",
 * };
 * ```
 */
export interface AttioConnectionStore {
  /** The string stored under `key`; `undefined` or `null` when there is none. */
  get(key: string): unknown;
  /** Stores `value` under `key`. `ttl` (milliseconds) is never passed for records: they live until deleted. */
  set(key: string, value: string, ttl?: number): unknown;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): unknown;
  /** Optional: sets `key` only when absent, expiring after `ttlMs`; true when it was set. */
  setIfAbsent?(key: string, value: string, ttlMs: number): unknown;
}

/** What came back from a store's `get`: a string, nothing, or something no record can be. */
export type StoredValue = string | undefined | { readonly garbage: true };

/** A store with a deadline on every call and typed errors. */
export class StoreAccess {
  constructor(
    private readonly store: AttioConnectionStore,
    private readonly timeoutMs: number,
  ) {}

  /** Whether the store offers `setIfAbsent`, so refreshes can take turns. */
  get canLock(): boolean {
    return typeof this.store.setIfAbsent === "function";
  }

  /** Synchronous for a synchronous store (a Map), so the hot path pays for no timer. */
  get(key: string): StoredValue | Promise<StoredValue> {
    const value = this.call("get", () => this.store.get(key));
    return isThenable(value) ? Promise.resolve(value).then(asStored) : asStored(value);
  }

  async set(key: string, value: string): Promise<void> {
    await this.call("set", () => this.store.set(key, value));
  }

  async delete(key: string): Promise<void> {
    await this.call("delete", () => this.store.delete(key));
  }

  /** True when set; false when the key exists. Only call when {@link canLock}. */
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.call("setIfAbsent", () => this.store.setIfAbsent?.(key, value, ttlMs))) === true;
  }

  private call(operation: string, run: () => unknown): unknown {
    let result: unknown;
    try {
      result = run();
    } catch (err) {
      throw storeFailed(operation, err);
    }
    return isThenable(result) ? bounded(result, operation, this.timeoutMs) : result;
  }
}

function bounded(pending: PromiseLike<unknown>, operation: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new AttioConnectionError("ATTIO_STORE_TIMEOUT", `The connection store's ${operation}() did not settle within ${timeoutMs} ms.`),
      );
    }, timeoutMs);
    // A store that never answers must not keep the process alive either.
    timer.unref();
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(storeFailed(operation, err));
      },
    );
  });
}

function asStored(value: unknown): StoredValue {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : { garbage: true };
}

function storeFailed(operation: string, err: unknown): AttioConnectionError {
  // The store's own message may quote what it was given: only its name goes in ours.
  const name = err instanceof Error ? err.name : typeof err;
  return new AttioConnectionError("ATTIO_STORE_FAILED", `The connection store's ${operation}() failed (${name.slice(0, 40)}).`, {
    cause: err,
  });
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function"
  );
}
