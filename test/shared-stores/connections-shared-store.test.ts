/**
 * Two app processes sharing one connection store (a real redis-server, a real
 * PostgreSQL), both needing an expiring token at the same moment, against the
 * Attio sandbox with refresh tokens that work once. With Redis's lock an expiry
 * costs exactly one refresh request; with any store every caller gets the one
 * working token and never an error.
 */
import KeyvPostgres from "@keyv/postgres";
import { expect } from "chai";
import Keyv from "keyv";
import { createClient } from "redis";
import { redisConnectionStore } from "../../example-app/connection-store";
import type { AttioSandbox } from "../../src/testing";
import { AttioConnections, AttioStrategy, checkAccessToken } from "../../src";
import type { AttioConnectionStore } from "../../src";
import { startWorkers, Workers } from "../../harness/connection-processes";
import type { WorkerStore } from "../../harness/connection-worker";
import { requirePostgres, RunningPostgres, startPostgres } from "../helpers/postgres";
import { requireRedis, RunningRedis, startRedis } from "../../harness/redis";
import { connectWorkspace, sandboxAndStrategy } from "../../harness/sandbox-grant";

const SECRET = "shared-store-secret-0123456789abcdef0123";
const ROUNDS = 3;

interface Rig {
  sandbox: AttioSandbox;
  strategy: AttioStrategy;
  workers: Workers;
  /** The parent's own view of the store, to save connections. */
  connections: AttioConnections;
}

/** Saves a fresh connection whose token has 30 s left, lets both processes ask for it at once, and returns what they got. */
async function expiryRound(rig: Rig, id: string): Promise<{ tokens: string[]; errors: string[]; refreshRequests: number }> {
  const grant = await connectWorkspace(rig.sandbox);
  await rig.connections.save(id, { ...grant, params: { ...grant.params, expires_in: 30 } });
  rig.sandbox.resetStats();
  const rounds = await rig.workers.round(id);
  return {
    tokens: rounds.flatMap((round) => round.tokens),
    errors: rounds.flatMap((round) => round.errors),
    refreshRequests: rig.sandbox.stats.requests.token,
  };
}

async function expectOneWorkingToken(rig: Rig, tokens: string[], errors: string[]): Promise<void> {
  expect(errors, "no caller sees an error").to.deep.equal([]);
  expect(tokens).to.have.length(10);
  expect(new Set(tokens).size, "every caller has the same token").to.equal(1);
  const status = await checkAccessToken(rig.strategy, tokens[0] ?? "");
  expect(status.active, "and Attio accepts it").to.equal(true);
}

function describeStore(
  title: string,
  kind: WorkerStore,
  start: () => Promise<{ url: string; store: AttioConnectionStore; stop(): Promise<void> }>,
  require: (context: Mocha.Context) => void,
  exactlyOne: boolean,
): void {
  describe(title, function () {
    this.timeout(60_000);
    let rig: Rig;
    let stop: () => Promise<void>;

    before(async function () {
      require(this);
      const server = await start();
      const { sandbox, strategy } = await sandboxAndStrategy({ tokenLifetimeSeconds: 3600 });
      const workers = await startWorkers(2, { store: kind, storeUrl: server.url, sandboxUrl: sandbox.url, secret: SECRET });
      rig = { sandbox, strategy, workers, connections: new AttioConnections({ strategy, secret: SECRET, store: server.store }) };
      stop = async () => {
        await workers.close();
        await sandbox.close();
        await server.stop();
      };
    });
    after(async () => stop?.());

    it(
      exactlyOne
        ? "each expiry costs exactly one refresh request, and every caller gets the new token"
        : "every caller gets the one working token, never an error, expiry after expiry",
      async () => {
        for (let round = 1; round <= ROUNDS; round += 1) {
          const { tokens, errors, refreshRequests } = await expiryRound(rig, `workspace:${kind}:${round}`);
          await expectOneWorkingToken(rig, tokens, errors);
          if (exactlyOne) expect(refreshRequests, `round ${round}: refresh requests`).to.equal(1);
          else expect(refreshRequests, `round ${round}: at most one per process`).to.be.within(1, 2);
        }
      },
    );
  });
}

async function redisServer(locking: boolean) {
  const redis: RunningRedis = await startRedis();
  const client = await createClient({ url: redis.url }).connect();
  const full = redisConnectionStore(client);
  const store: AttioConnectionStore = locking ? full : { get: full.get, set: full.set, delete: full.delete };
  return {
    url: redis.url,
    store,
    stop: async () => {
      await client.quit();
      await redis.stop();
    },
  };
}

async function postgresServer() {
  const postgres: RunningPostgres = await startPostgres();
  const keyv = new Keyv({ store: new KeyvPostgres({ uri: postgres.url }) });
  return {
    url: postgres.url,
    store: keyv,
    stop: async () => {
      await keyv.disconnect();
      await postgres.stop();
    },
  };
}

describe("connections shared by two processes", () => {
  describeStore("on Redis, with its lock (SET NX PX)", "redis", () => redisServer(true), requireRedis, true);
  describeStore("on Redis without a lock", "redis-unlocked", () => redisServer(false), requireRedis, false);
  describeStore("on PostgreSQL through Keyv (no lock)", "postgres", postgresServer, requirePostgres, false);
});
