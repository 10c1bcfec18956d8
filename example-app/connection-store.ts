/**
 * Where the example app keeps Attio connections when REDIS_URL is set: one
 * Redis key per connection, holding the sealed record. `setIfAbsent` (SET NX
 * PX) lets instances take turns to refresh a token, so an expiry costs one
 * refresh request however many instances need the token at once.
 */
import type { AttioConnectionStore } from "passport-attio";
import type { RedisClientType } from "redis";

/** node-redis's client, whatever modules it was created with. */
type AnyRedisClient = Pick<RedisClientType, "get" | "set" | "del">;

export function redisConnectionStore(redis: AnyRedisClient): AttioConnectionStore {
  return {
    get: (key) => redis.get(key),
    set: (key, value) => redis.set(key, value),
    delete: (key) => redis.del(key),
    setIfAbsent: async (key, value, ttlMs) =>
      (await redis.set(key, value, { condition: "NX", expiration: { type: "PX", value: ttlMs } })) === "OK",
  };
}
