/**
 * AttioConnections' two figures: the hot path of getAccessToken (a valid,
 * recently checked token) against reading and opening the same record by
 * hand, and refresh requests per expiry with two processes sharing Redis.
 */
import { createDecipheriv, hkdfSync } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { createClient } from "redis";
import { redisConnectionStore } from "../example-app/connection-store";
import type * as PassportAttio from "../src/index";
import { startAttioSandbox } from "../src/testing";
import { startWorkers } from "../harness/connection-processes";
import { REDIS_SERVER_PATH, startRedis } from "../harness/redis";
import { connectWorkspace, strategyFor } from "../harness/sandbox-grant";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../harness/fixtures";
import { median, num, Row, times } from "./report";

// The compiled package, as an app would load it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { AttioConnections } = require("passport-attio") as typeof PassportAttio;

const SECRET = "bench-connections-secret-0123456789abcdef";
/** More connections than AttioConnections keeps opened, read in turn, so none is found already open. */
const UNCACHED_IDS = Array.from({ length: 1001 }, (_, i) => `workspace:member-${i}`);
const ID = UNCACHED_IDS[0] ?? "";

export interface ConnectionsResult {
  /** Microseconds per getAccessToken on the hot path, and per hand-written read and open. */
  readonly hotPathMicros: number;
  readonly byHandMicros: number;
  /** Median of each round's ratio. */
  readonly hotPathRatio: number;
  /** The same with a record not opened before (1001 connections in turn): the decryption is paid each time. */
  readonly uncachedMicros: number;
  readonly uncachedByHandMicros: number;
  readonly uncachedRatio: number;
  /** Refresh requests per expiry, two processes on Redis; undefined without redis-server. */
  readonly refreshesPerExpiry: readonly number[] | undefined;
}

/** What an app would write to read a record itself: the format of docs/connections.md, the same key derivation. */
function openByHand(): (store: Map<string, string>, id: string) => Promise<string> {
  const key = Buffer.from(hkdfSync("sha256", SECRET, "passport-attio/connection", "aes-256-gcm/v1", 32));
  return async (store, id) => {
    const aad = Buffer.from(`passport-attio/connection\u0000${id}`, "utf8");
    const text = (await store.get(`attio-connection:${id}`)) ?? "";
    const sealed = Buffer.from(text.slice(text.lastIndexOf(".") + 1), "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(1, 13), { authTagLength: 16 });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(13, 29));
    const record = JSON.parse(Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString("utf8")) as {
      accessToken: string;
    };
    return record.accessToken;
  };
}

async function microsPerCall(calls: number, call: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call();
  return Number(process.hrtime.bigint() - started) / 1000 / calls;
}

/** Per-call microseconds of both readers, `rounds` times, alternating who goes first; and the median ratio. */
async function pairedRounds(rounds: number, ours: () => Promise<unknown>, hand: () => Promise<unknown>): Promise<[number, number, number]> {
  const calls = 20_000;
  await microsPerCall(calls, ours);
  await microsPerCall(calls, hand);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) a.push(await microsPerCall(calls, ours));
    b.push(await microsPerCall(calls, hand));
    if (round % 2 === 1) a.push(await microsPerCall(calls, ours));
  }
  return [median(a), median(b), median(a.map((value, i) => value / (b[i] ?? NaN)))];
}

async function hotPath(rounds: number): Promise<Omit<ConnectionsResult, "refreshesPerExpiry">> {
  const sandbox = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [CALLBACK_URL] });
  try {
    const store = new Map<string, string>();
    const connections = new AttioConnections({ strategy: strategyFor(sandbox), secret: SECRET, store });
    const grant = await connectWorkspace(sandbox);
    for (const id of UNCACHED_IDS) await connections.save(id, grant);
    // The first call checks with Attio; from then on each token is valid and recently checked.
    for (const id of UNCACHED_IDS) await connections.getAccessToken(id);
    const byHand = openByHand();
    if ((await byHand(store, ID)) !== grant.accessToken) throw new Error("the hand-written reader disagrees");
    const checks = sandbox.stats.requests.self;
    const [hotPathMicros, byHandMicros, hotPathRatio] = await pairedRounds(
      rounds,
      () => connections.getAccessToken(ID),
      () => byHand(store, ID),
    );
    let next = 0;
    let nextByHand = 0;
    const [uncachedMicros, uncachedByHandMicros, uncachedRatio] = await pairedRounds(
      rounds,
      () => connections.getAccessToken(UNCACHED_IDS[next++ % UNCACHED_IDS.length] ?? ""),
      () => byHand(store, UNCACHED_IDS[nextByHand++ % UNCACHED_IDS.length] ?? ""),
    );
    if (sandbox.stats.requests.self !== checks) throw new Error("the hot path asked Attio");
    return { hotPathMicros, byHandMicros, hotPathRatio, uncachedMicros, uncachedByHandMicros, uncachedRatio };
  } finally {
    await sandbox.close();
  }
}

/** Refresh requests the sandbox sees per expiry while two processes on one Redis both need the token. */
async function refreshesPerExpiry(expiries: number): Promise<number[] | undefined> {
  try {
    accessSync(REDIS_SERVER_PATH, constants.X_OK);
  } catch {
    return undefined;
  }
  const redis = await startRedis();
  const sandbox = await startAttioSandbox({
    clientID: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [CALLBACK_URL],
    tokenLifetimeSeconds: 3600,
  });
  const workers = await startWorkers(2, { store: "redis", storeUrl: redis.url, sandboxUrl: sandbox.url, secret: SECRET, calls: 10 });
  try {
    const client = await createClient({ url: redis.url }).connect();
    const connections = new AttioConnections({ strategy: strategyFor(sandbox), secret: SECRET, store: redisConnectionStore(client) });
    const counts: number[] = [];
    for (let expiry = 0; expiry < expiries; expiry++) {
      const grant = await connectWorkspace(sandbox);
      await connections.save(`bench:${expiry}`, { ...grant, params: { ...grant.params, expires_in: 30 } });
      sandbox.resetStats();
      const rounds = await workers.round(`bench:${expiry}`);
      if (rounds.some((round) => round.errors.length > 0)) throw new Error(`errors: ${rounds.flatMap((round) => round.errors).join(", ")}`);
      counts.push(sandbox.stats.requests.token);
    }
    await client.quit();
    return counts;
  } finally {
    await workers.close();
    await sandbox.close();
    await redis.stop();
  }
}

export async function measureConnections(
  rounds: number,
  expiries: number,
  progress: (message: string) => void,
): Promise<ConnectionsResult> {
  progress(`AttioConnections: getAccessToken's hot path against a hand-written read, ${rounds} rounds`);
  const hot = await hotPath(rounds);
  progress("AttioConnections: refresh requests per expiry, two processes on Redis, 10 callers each");
  return { ...hot, refreshesPerExpiry: await refreshesPerExpiry(expiries) };
}

/** The table rows: AttioConnections' figure in the AttioStrategy column, the hand-written baseline beside it. */
export function connectionRows(result: ConnectionsResult): Row[] {
  const perExpiry = result.refreshesPerExpiry;
  return [
    {
      measure: "getAccessToken hot path, µs (vs reading + opening the record by hand)",
      attio: num(result.hotPathMicros),
      bare: num(result.byHandMicros),
      ratio: times(result.hotPathRatio),
    },
    {
      measure: "getAccessToken, record not yet opened here, µs (vs by hand)",
      attio: num(result.uncachedMicros),
      bare: num(result.uncachedByHandMicros),
      ratio: times(result.uncachedRatio),
    },
    {
      measure: "refresh requests per expiry, 2 processes × 10 callers on Redis",
      attio: perExpiry ? `${num(median(perExpiry))} (max ${Math.max(...perExpiry)} of ${perExpiry.length})` : "n/a (no redis-server)",
      bare: "",
      ratio: "",
    },
  ];
}

/** For the summary line. */
export function connectionsSummary(result: ConnectionsResult): string {
  const perExpiry = result.refreshesPerExpiry;
  return `getAccessToken ${times(result.hotPathRatio)} of by hand (${times(result.uncachedRatio)} unopened), refreshes/expiry ${perExpiry ? num(Math.max(...perExpiry)) : "n/a"}`;
}
