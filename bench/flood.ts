/**
 * What a flood of cookieless `GET /auth/attio` leaves behind with the Quick
 * start's session setup (express-session, no cookie options): the heap each
 * pending login keeps after garbage collection (MemoryStore), and the longest
 * TTL of any key one creates in Redis (connect-redis). Goals: under 1 KB per
 * pending login, and no key living past 10 minutes.
 */
import { accessSync, constants } from "node:fs";
import { createClient } from "redis";
import { REDIS_SERVER_PATH, startRedis } from "../harness/redis";
import { AppProcess } from "./app-process";
import { startPendingLogins } from "./driver";
import { sideConfig } from "./measure";
import { num, Row } from "./report";
import type { BenchAttio } from "./attio";

/** The key prefix the flooded app's sessions get in Redis. */
export const FLOOD_PREFIX = "flood:";
const CONCURRENCY = 32;
const WARM_UP = 2000;
/** Every key's TTL is set alike, so a sample of the flood tells as much as all of it, in a fraction of the time. */
const REDIS_FLOOD_MAX = 10_000;

export interface FloodResult {
  readonly logins: number;
  readonly bytesPerPendingLogin: number;
  /** Undefined when redis-server is not installed. */
  readonly redis:
    { readonly logins: number; readonly keys: number; readonly maxTtlSeconds: number; readonly keysPastTenMinutes: number } | undefined;
}

/** Floods AttioStrategy's app (the session store) with `count` pending logins, in memory and in Redis. */
export async function measureFlood(attio: BenchAttio, timeoutMs: number, count: number): Promise<FloodResult> {
  const config = sideConfig("attio", attio, timeoutMs, "session");
  const app = await AppProcess.start(config);
  let bytesPerPendingLogin: number;
  try {
    await startPendingLogins(app.origin, WARM_UP, CONCURRENCY);
    const before = await app.heapUsed();
    await startPendingLogins(app.origin, count, CONCURRENCY);
    bytesPerPendingLogin = ((await app.heapUsed()) - before) / count;
  } finally {
    await app.stop();
  }
  return {
    logins: count,
    bytesPerPendingLogin,
    redis: redisInstalled() ? await floodRedis(attio, timeoutMs, Math.min(count, REDIS_FLOOD_MAX)) : undefined,
  };
}

async function floodRedis(attio: BenchAttio, timeoutMs: number, count: number): Promise<FloodResult["redis"]> {
  const redis = await startRedis();
  const app = await AppProcess.start({ ...sideConfig("attio", attio, timeoutMs, "session"), redisUrl: redis.url });
  const client = createClient({ url: redis.url });
  try {
    await startPendingLogins(app.origin, count, CONCURRENCY);
    await client.connect();
    let maxTtlMs = 0;
    let keys = 0;
    let keysPastTenMinutes = 0;
    for await (const batch of client.scanIterator({ MATCH: `${FLOOD_PREFIX}*`, COUNT: 1000 })) {
      const ttls = await Promise.all(batch.map((key) => client.pTTL(key)));
      for (const ttl of ttls) {
        // -1: no expiry at all.
        const lifetime = ttl === -1 ? Infinity : ttl;
        keys += 1;
        maxTtlMs = Math.max(maxTtlMs, lifetime);
        if (lifetime > 10 * 60 * 1000) keysPastTenMinutes += 1;
      }
    }
    return { logins: count, keys, maxTtlSeconds: maxTtlMs / 1000, keysPastTenMinutes };
  } finally {
    await client.quit().catch(() => undefined);
    await app.stop();
    await redis.stop();
  }
}

function redisInstalled(): boolean {
  try {
    accessSync(REDIS_SERVER_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The flood's rows for the table (AttioStrategy only: the goal is absolute, not a comparison). */
export function floodRows(result: FloodResult): Row[] {
  const redis = result.redis;
  return [
    {
      measure: `bytes kept per pending login after a flood of ${num(result.logins, 0)} (goal < 1,024)`,
      attio: num(result.bytesPerPendingLogin, 0),
      bare: "",
      ratio: "",
    },
    {
      measure: `longest Redis TTL of a pending login's key, s, after ${num(redis?.logins ?? 0, 0)} (goal ≤ 600)`,
      attio: redis
        ? `${num(redis.maxTtlSeconds, 0)} (${redis.keysPastTenMinutes} of ${redis.keys} keys past 10 min)`
        : "n/a (no redis-server)",
      bare: "",
      ratio: "",
    },
  ];
}
