/**
 * One app process using AttioConnections on a shared store, run as a child
 * process by the multi-process tests and the benchmark. Each line "go <id>" on
 * stdin makes CALLS concurrent getAccessToken(id) calls and prints one JSON
 * line: the tokens received and the errors' codes. "exit" closes the store.
 */
import { createInterface } from "node:readline";
import KeyvPostgres from "@keyv/postgres";
import Keyv from "keyv";
import { createClient } from "redis";
import { redisConnectionStore } from "../example-app/connection-store";
import { AttioConnections } from "../src";
import type { AttioConnectionStore } from "../src";
import { strategyFor } from "./sandbox-grant";

export type WorkerStore = "redis" | "redis-unlocked" | "postgres";

/** What a worker prints per round. */
export interface WorkerRound {
  readonly tokens: readonly string[];
  readonly errors: readonly string[];
}

async function openStore(kind: WorkerStore, url: string): Promise<{ store: AttioConnectionStore; close(): Promise<void> }> {
  if (kind === "postgres") {
    const keyv = new Keyv({ store: new KeyvPostgres({ uri: url }) });
    return { store: keyv, close: () => keyv.disconnect() };
  }
  const redis = await createClient({ url }).connect();
  const locking = redisConnectionStore(redis);
  const store = kind === "redis" ? locking : { get: locking.get, set: locking.set, delete: locking.delete };
  return { store, close: async () => void (await redis.quit()) };
}

async function main(): Promise<void> {
  const env = (name: string) => process.env[name] ?? "";
  const { store, close } = await openStore(env("STORE") as WorkerStore, env("STORE_URL"));
  const connections = new AttioConnections({ strategy: strategyFor({ url: env("SANDBOX_URL") }), secret: env("SECRET"), store });
  const calls = Number(env("CALLS") || "5");
  const lines = createInterface({ input: process.stdin });
  process.stdout.write("ready\n");
  for await (const line of lines) {
    if (line === "exit") break;
    const id = line.replace(/^go /, "");
    const settled = await Promise.allSettled(Array.from({ length: calls }, () => connections.getAccessToken(id)));
    const round: WorkerRound = {
      tokens: settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : [])),
      errors: settled.flatMap((result) => (result.status === "rejected" ? [String((result.reason as { code?: unknown }).code)] : [])),
    };
    process.stdout.write(`${JSON.stringify(round)}\n`);
  }
  lines.close();
  await close();
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.name : "error"}\n`);
  process.exitCode = 1;
});
