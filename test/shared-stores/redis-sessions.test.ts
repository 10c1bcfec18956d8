/**
 * The example app as two instances behind a load balancer, against one Attio
 * sandbox, sharing sessions in a real redis-server: a sign-in may begin on one
 * instance and finish on the other.
 */
import { expect } from "chai";
import type { SessionData, Store } from "express-session";
import { createClient } from "redis";
import type { Account } from "../../example-app/account";
import { connectRedisSessions, RedisSessions } from "../../example-app/redis-sessions";
import { AttioSandbox, DEMO_MEMBERS, SandboxMember, startAttioSandbox } from "../../src/testing";
import { BrowserClient, Page, pageText } from "../helpers/browser-client";
import { Cluster, signInAcross, startCluster } from "../helpers/cluster";
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from "../helpers/example";
import { onInstance } from "../helpers/load-balancer";
import { requireRedis, RunningRedis, startRedis } from "../../harness/redis";

const LOGINS = 100;

/** One workspace member per sign-in, so every sign-in has its own expected user. */
const MEMBERS: readonly SandboxMember[] = Array.from({ length: LOGINS }, (_, i) => {
  const n = String(i + 1).padStart(3, "0");
  return {
    id: `0b1c2d3e-0000-4000-8000-000000000${n}`,
    firstName: "Member",
    lastName: n,
    email: `member-${n}@northwind.example`,
    accessLevel: "member",
    hasAvatar: false,
    createdAt: "2024-01-01T00:00:00.000000000Z",
  };
});

const nameOf = (member: SandboxMember | undefined) => `${member?.firstName} ${member?.lastName}`;

/** The name on a profile page, or what the page was instead. */
function signedInName(page: Page): string {
  const name = /data-testid="member-name">([^<]*)</.exec(page.body)?.[1];
  return name ?? `(no profile: HTTP ${page.status} at ${page.url}: ${pageText(page.body).slice(0, 120)})`;
}

/** Every session the store holds, through express-session's Store API. */
function storedSessions(store: Store): Promise<SessionData[]> {
  return new Promise((resolve, reject) => {
    if (!store.all) return reject(new Error("the store cannot list its sessions"));
    store.all((err, all) => (err ? reject(err) : resolve(Object.values(all ?? {}))));
  });
}

function clearSessions(store: Store): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!store.clear) return reject(new Error("the store cannot be cleared"));
    store.clear((err) => (err ? reject(err) : resolve()));
  });
}

/**
 * A hundred sign-ins share one event loop with the apps, the balancer and the
 * sandbox: on a busy machine (and under coverage) a request may wait its turn
 * for seconds, so the bounds are generous.
 */
const CONCURRENT_REQUEST_TIMEOUT_MS = 30_000;

describe("several instances sharing sessions in Redis", function () {
  this.timeout(60_000);
  let redis: RunningRedis | undefined;
  let sandbox: AttioSandbox;
  let cluster: Cluster;
  const sessions: RedisSessions[] = [];

  before(async function () {
    requireRedis(this);
    redis = await startRedis();
    sandbox = await startAttioSandbox({ clientID: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, members: MEMBERS });
    // A connection per instance, as separate processes would have.
    for (let i = 0; i < 2; i += 1) sessions.push(await connectRedisSessions({ url: redis.url }));
    cluster = await startCluster(
      sandbox,
      sessions.map((redisSessions) => redisSessions.store),
      sessions.map((redisSessions) => redisSessions.connectionStore),
    );
  });

  after(async () => {
    try {
      await cluster?.close();
      await Promise.all(sessions.map((redisSessions) => redisSessions.close()));
      await sandbox?.close();
    } finally {
      await redis?.stop();
    }
  });

  beforeEach(async () => {
    sandbox.resetStats();
    await clearSessions(sessions[0]!.store);
  });

  for (const [begin, finish] of [
    [0, 1],
    [1, 0],
  ] as const) {
    it(`a sign-in begun on instance ${begin} finishes on instance ${finish}, and both then know the member`, async () => {
      const member = MEMBERS[begin];
      const client = new BrowserClient();
      const profile = await signInAcross(client, cluster, { begin, finish, memberId: member?.id ?? "" });
      expect(profile.url).to.equal(`${cluster.url}/profile`);
      expect(signedInName(profile)).to.equal(nameOf(member));
      expect(pageText(profile.body)).to.include(member?.email);
      const onTheOther = await client.get(`${cluster.url}/profile`, { headers: onInstance(begin) });
      expect(signedInName(onTheOther)).to.equal(nameOf(member));
      expect(sandbox.stats.requests).to.include({ authorize: 1, consent: 1, token: 1, self: 1, member: 1 });
      // The pre-sign-in session was replaced (passport regenerates it): one session remains.
      expect(await storedSessions(sessions[0]!.store)).to.have.length(1);
    });
  }

  it("the token lives in Redis, sealed, under the connection id; the other instance checks it; no session holds it", async () => {
    const client = new BrowserClient();
    const member = MEMBERS[2];
    await signInAcross(client, cluster, { begin: 0, finish: 0, memberId: member?.id ?? "" });
    const token = sandbox.issuedTokens().at(-1) ?? "";
    const checked = await client.post(`${cluster.url}/token/check`, {}, { headers: onInstance(1) });
    expect(pageText(checked.body)).to.include("The token is active");
    const raw = await createClient({ url: redis?.url }).connect();
    try {
      const keys = await raw.keys("attio-connection:*");
      expect(keys).to.include(`attio-connection:${sandbox.workspace.id}:${member?.id}`);
      const everything = await Promise.all((await raw.keys("*")).map(async (key) => `${key}=${(await raw.get(key)) ?? ""}`));
      for (const encoding of ["utf8", "base64", "base64url", "hex"] as const) {
        expect(everything.join("\n")).not.to.include(Buffer.from(token).toString(encoding));
      }
    } finally {
      await raw.quit();
    }
  });

  it(`${LOGINS} concurrent sign-ins, alternating between the instances, each end with its own member and no cross-talk`, async () => {
    const forwardedBefore = [...cluster.balancer.forwarded];
    const clients = MEMBERS.map(() => new BrowserClient({ timeoutMs: CONCURRENT_REQUEST_TIMEOUT_MS }));
    const crossings = MEMBERS.map((member, i) => ({ begin: i % 2, finish: 1 - (i % 2), memberId: member.id }));
    const profiles = await Promise.all(crossings.map((crossing, i) => signInAcross(clients[i]!, cluster, crossing)));
    // Each browser, on the page it landed on and again through the instance it began on.
    const again = await Promise.all(clients.map((client, i) => client.get(`${cluster.url}/profile`, { headers: onInstance(i % 2) })));
    expect(profiles.map(signedInName)).to.deep.equal(MEMBERS.map(nameOf));
    expect(again.map(signedInName)).to.deep.equal(MEMBERS.map(nameOf));

    const cookies = new Set(clients.map((client) => client.cookie(cluster.url, "example.sid")));
    expect(cookies.size, "one session cookie per browser").to.equal(LOGINS);
    const stored = await storedSessions(sessions[1]!.store);
    const storedMembers = stored.map((session) => (session as SessionData & { passport?: { user?: Account } }).passport?.user?.memberId);
    expect(storedMembers.sort(), "one session per member in Redis, nothing left over").to.deep.equal(
      MEMBERS.map((member) => member.id).sort(),
    );
    expect(sandbox.stats.requests).to.include({ authorize: LOGINS, consent: LOGINS, token: LOGINS, self: LOGINS, member: LOGINS });
    // Per instance: 50 sign-ins begun, 50 finished (callback and profile), 50 profiles read again.
    const forwarded = cluster.balancer.forwarded.map((count, i) => count - (forwardedBefore[i] ?? 0));
    expect(forwarded).to.deep.equal([LOGINS * 2, LOGINS * 2]);
  });
});

describe("several instances, each with its own memory store (what Redis fixes)", () => {
  let sandbox: AttioSandbox | undefined;
  let cluster: Cluster | undefined;

  after(async () => {
    await cluster?.close();
    await sandbox?.close();
  });

  it("a sign-in begun on one instance cannot finish on the other: the state is not there", async () => {
    sandbox = await startAttioSandbox({ clientID: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
    cluster = await startCluster(sandbox, [undefined, undefined]);
    const page = await signInAcross(new BrowserClient(), cluster, { begin: 0, finish: 1, memberId: DEMO_MEMBERS[0]?.id ?? "" });
    expect(page.url).to.equal(`${cluster.url}/auth/failed`);
    expect(page.status).to.equal(401);
    expect(pageText(page.body)).to.include("This sign-in could not be verified");
    expect(sandbox.stats.requests.token, "the code is never exchanged").to.equal(0);
  });
});
