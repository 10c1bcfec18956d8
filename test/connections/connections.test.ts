/**
 * AttioConnections against the Attio sandbox: what is stored, when Attio is
 * asked, refreshes, revocations noticed, and the errors an app branches on.
 */
import { expect } from "chai";
import type { AttioSandbox } from "../../src/testing";
import { AttioConnections, AttioConnectionError, AttioGrantError, AttioStrategy, checkAccessToken, revokeAccessToken } from "../../src";
import type { AttioRefreshedEvent, AttioRevokedEvent } from "../../src";
import { connectWorkspace, sandboxAndStrategy, strategyFor } from "../../harness/sandbox-grant";
import { until } from "../helpers/until";

const SECRET = "connections-test-secret-0123456789abcdef";

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}

describe("AttioConnections", () => {
  let sandbox: AttioSandbox;
  let strategy: AttioStrategy;
  afterEach(async () => sandbox.close());

  describe("with Attio as it is today (no expiry, no refresh token)", () => {
    beforeEach(async () => ({ sandbox, strategy } = await sandboxAndStrategy()));

    it("keeps the token sealed: nothing of it in the store, in any encoding", async () => {
      const store = new Map<string, string>();
      const connections = new AttioConnections({ strategy, secret: SECRET, store });
      const { accessToken } = await connectWorkspace(sandbox);
      await connections.save("user-1", { accessToken });
      expect([...store.keys()]).to.deep.equal(["attio-connection:user-1"]);
      const value = store.get("attio-connection:user-1") ?? "";
      for (const encoding of ["utf8", "base64", "base64url", "hex"] as const) {
        expect(value).not.to.include(Buffer.from(accessToken).toString(encoding));
      }
      expect(await connections.getAccessToken("user-1")).to.equal(accessToken);
    });

    it("writes a fresh nonce each time: the same connection saved twice is sealed differently", async () => {
      const store = new Map<string, string>();
      const connections = new AttioConnections({ strategy, secret: SECRET, store });
      const { accessToken } = await connectWorkspace(sandbox);
      await connections.save("user-1", { accessToken });
      const first = store.get("attio-connection:user-1");
      await connections.save("user-1", { accessToken });
      expect(store.get("attio-connection:user-1")).not.to.equal(first);
    });

    it("asks /v2/self once, then serves the token without asking until the check interval passes", async () => {
      const connections = new AttioConnections({ strategy, secret: SECRET });
      const { accessToken } = await connectWorkspace(sandbox);
      await connections.save("user-1", { accessToken });
      sandbox.resetStats();
      await Promise.all([connections.getAccessToken("user-1"), connections.getAccessToken("user-1")]);
      await connections.getAccessToken("user-1");
      expect(sandbox.stats.requests.self, "concurrent first calls share one check").to.equal(1);
      const meta = await connections.get("user-1");
      expect(meta).to.include({ id: "user-1", status: "active", workspaceId: null, refreshable: false });
      expect(meta?.lastCheckedAt).to.be.an.instanceOf(Date);
      expect(JSON.stringify(meta)).not.to.include(accessToken);
    });

    it("re-asks when the last check is older than checkInterval", async () => {
      const connections = new AttioConnections({ strategy, secret: SECRET, checkInterval: 0 });
      await connections.save("user-1", await connectWorkspace(sandbox));
      sandbox.resetStats();
      await connections.getAccessToken("user-1");
      await connections.getAccessToken("user-1");
      expect(sandbox.stats.requests.self).to.equal(2);
    });

    it("notices an uninstall: marks the connection revoked, says so once, and rejects with ATTIO_REAUTHORIZATION_REQUIRED", async () => {
      const connections = new AttioConnections({ strategy, secret: SECRET, checkInterval: 0 });
      const revoked: AttioRevokedEvent[] = [];
      connections.on("revoked", (event) => revoked.push(event));
      const { accessToken } = await connectWorkspace(sandbox);
      await connections.save("user-1", { accessToken });
      sandbox.revokeAll();
      const err = await rejection(connections.getAccessToken("user-1"));
      expect(err).to.be.an.instanceOf(AttioGrantError).and.include({ code: "ATTIO_REAUTHORIZATION_REQUIRED" });
      expect(err.message).not.to.include(accessToken);
      expect(await rejection(connections.getAccessToken("user-1"))).to.include({ code: "ATTIO_REAUTHORIZATION_REQUIRED" });
      expect(revoked).to.deep.equal([{ id: "user-1", reason: "inactive" }]);
      expect(await connections.get("user-1")).to.include({ status: "revoked" });
    });

    it("check() asks Attio now and records the answer", async () => {
      const connections = new AttioConnections({ strategy, secret: SECRET });
      await connections.save("user-1", await connectWorkspace(sandbox));
      sandbox.resetStats();
      expect(await connections.check("user-1")).to.include({ status: "active" });
      sandbox.revokeAll();
      const status = await connections.check("user-1");
      expect(status).to.include({ status: "revoked" });
      expect(status.revokedAt).to.be.an.instanceOf(Date);
      expect(sandbox.stats.requests.self).to.equal(2);
    });

    it("an id with no connection: ATTIO_NOT_CONNECTED, and get() is null", async () => {
      const connections = new AttioConnections({ strategy, secret: SECRET });
      expect(await rejection(connections.getAccessToken("nobody")))
        .to.be.an.instanceOf(AttioGrantError)
        .and.include({
          code: "ATTIO_NOT_CONNECTED",
        });
      expect(await rejection(connections.check("nobody"))).to.include({ code: "ATTIO_NOT_CONNECTED" });
      expect(await connections.get("nobody")).to.equal(null);
    });

    it("a record copied to another id does not open, and says it was copied", async () => {
      const store = new Map<string, string>();
      const connections = new AttioConnections({ strategy, secret: SECRET, store });
      await connections.save("user-1", await connectWorkspace(sandbox));
      store.set("attio-connection:user-2", store.get("attio-connection:user-1") ?? "");
      const err = await rejection(connections.getAccessToken("user-2"));
      expect(err).to.be.an.instanceOf(AttioConnectionError).and.include({ code: "ATTIO_RECORD_UNREADABLE", problem: "copied" });
    });

    it("disconnect revokes at Attio, then forgets; a second disconnect does nothing", async () => {
      const connections = new AttioConnections({ strategy, secret: SECRET });
      const { accessToken } = await connectWorkspace(sandbox);
      await connections.save("user-1", { accessToken });
      sandbox.resetStats();
      await connections.disconnect("user-1");
      expect(sandbox.stats.requests.revoke).to.equal(1);
      expect(await checkAccessToken(strategy, accessToken), "Attio now calls the token inactive").to.include({ active: false });
      expect(await connections.get("user-1")).to.equal(null);
      expect(await rejection(connections.getAccessToken("user-1"))).to.include({ code: "ATTIO_NOT_CONNECTED" });
      await connections.disconnect("user-1");
      expect(sandbox.stats.requests.revoke).to.equal(1);
    });

    for (const [name, fault] of [
      ["unreachable (connection reset)", { reset: true }],
      ["rate limiting (429)", { respond: { status: 429, body: "{}", headers: { "retry-after": "30" } } }],
    ] as const) {
      it(`disconnect while Attio is ${name}: the record goes, the error says the token may still be live`, async () => {
        const connections = new AttioConnections({ strategy, secret: SECRET });
        const { accessToken } = await connectWorkspace(sandbox);
        await connections.save("user-1", { accessToken });
        sandbox.failNext("revoke", fault);
        const err = await rejection(connections.disconnect("user-1"));
        expect(err).to.be.an.instanceOf(AttioConnectionError).and.include({ code: "ATTIO_REVOKE_FAILED", tokenMayBeLive: true });
        expect(err.message).to.include("may still be live").and.not.include(accessToken);
        if ("respond" in fault) expect(err).to.include({ retryAfterMs: 30_000, status: 429 });
        expect(await connections.get("user-1")).to.equal(null);
        expect(await checkAccessToken(strategy, accessToken), "indeed still live").to.include({ active: true });
      });
    }

    it("revokeAccessToken: 204 from Attio, and the token is inactive from then on", async () => {
      const { accessToken } = await connectWorkspace(sandbox);
      await revokeAccessToken(strategy, accessToken);
      expect(sandbox.stats.requests.revoke).to.equal(1);
      expect(await checkAccessToken(strategy, accessToken)).to.include({ active: false });
    });

    it("rotates keys: reads records sealed with an older secret, writes with the newest", async () => {
      const store = new Map<string, string>();
      const OLD = "old-secret-0123456789abcdef0123456789";
      const before = new AttioConnections({ strategy, secret: OLD, store });
      const { accessToken } = await connectWorkspace(sandbox);
      await before.save("user-1", { accessToken });
      const after = new AttioConnections({ strategy, secret: [SECRET, OLD], store });
      expect(await after.getAccessToken("user-1"), "opened with the old key").to.equal(accessToken);
      const onlyNew = new AttioConnections({ strategy, secret: SECRET, store });
      expect(await onlyNew.getAccessToken("user-1"), "the check's write re-sealed it with the new key").to.equal(accessToken);
      expect(await rejection(before.getAccessToken("user-1"))).to.include({ problem: "unknown-key" });
    });
  });

  describe("with expiring tokens and rotating refresh tokens (the sandbox's refresh mode)", () => {
    beforeEach(async () => ({ sandbox, strategy } = await sandboxAndStrategy({ tokenLifetimeSeconds: 3600 })));

    it("refreshes shortly before expiresAt, once for concurrent callers, stores the new pair and says so", async () => {
      const connections = new AttioConnections({ strategy, secret: SECRET });
      const refreshed: AttioRefreshedEvent[] = [];
      connections.on("refreshed", (event) => refreshed.push(event));
      const grant = await connectWorkspace(sandbox);
      // Saved as if the token had 30 s left: inside the default minute before expiry.
      await connections.save("user-1", { ...grant, params: { ...grant.params, expires_in: 30 } });
      sandbox.resetStats();
      const tokens = await Promise.all([1, 2, 3].map(() => connections.getAccessToken("user-1")));
      expect(sandbox.stats.requests.token).to.equal(1);
      expect(new Set(tokens).size).to.equal(1);
      expect(tokens[0]).not.to.equal(grant.accessToken);
      expect(sandbox.issuedTokens().at(-1)).to.equal(tokens[0]);
      expect(refreshed).to.have.length(1);
      expect(refreshed[0]?.expiresAt?.getTime()).to.be.greaterThan(Date.now() + 3500_000);
      sandbox.resetStats();
      expect(await connections.getAccessToken("user-1")).to.equal(tokens[0]);
      expect(sandbox.stats.requests.token, "the new token is good for an hour").to.equal(0);
    });

    it("a refresh token Attio refuses: marked revoked, ATTIO_REAUTHORIZATION_REQUIRED", async () => {
      // Short timeouts: after invalid_grant the store is watched that long for another process's token.
      const connections = new AttioConnections({ strategy: strategyFor(sandbox, 300), secret: SECRET, storeTimeout: 100 });
      const revoked: AttioRevokedEvent[] = [];
      connections.on("revoked", (event) => revoked.push(event));
      const grant = await connectWorkspace(sandbox);
      await connections.save("user-1", { ...grant, params: { expires_in: 30 } });
      sandbox.revokeAll();
      expect(await rejection(connections.getAccessToken("user-1"))).to.include({ code: "ATTIO_REAUTHORIZATION_REQUIRED" });
      expect(revoked).to.deep.equal([{ id: "user-1", reason: "refresh-refused" }]);
    });

    /** Two instances on one store, as two processes would be, and a connection on expiring tokens. */
    async function twoInstances(): Promise<{ a: AttioConnections; b: AttioConnections; store: Map<string, string> }> {
      const store = new Map<string, string>();
      const [a, b] = [1, 2].map(() => new AttioConnections({ strategy: strategyFor(sandbox), secret: SECRET, store }));
      if (!a || !b) throw new Error("two instances");
      const grant = await connectWorkspace(sandbox);
      await a.save("user-1", { ...grant, params: { expires_in: 30 } });
      return { a, b, store };
    }

    async function expectNoTokenLives(): Promise<void> {
      for (const token of sandbox.issuedTokens()) expect(await checkAccessToken(strategy, token), token).to.include({ active: false });
    }

    it("a disconnect while another instance's refresh is out: the connection stays gone, and no token it had lives on", async () => {
      const { a, b, store } = await twoInstances();
      let disconnected: () => void = () => undefined;
      // The refresh is answered only once the disconnect is done: no timing decides the order.
      sandbox.failNext("token", { after: new Promise<void>((resolve) => (disconnected = resolve)) });
      const tokenRequests = sandbox.received("token").length;
      const refreshing = a.getAccessToken("user-1").catch((err: unknown) => err);
      await until(() => sandbox.received("token").length > tokenRequests);
      await b.disconnect("user-1");
      disconnected();
      expect(await refreshing)
        .to.be.an.instanceOf(AttioGrantError)
        .and.include({ code: "ATTIO_NOT_CONNECTED" });
      expect(store.size, "nothing written back").to.equal(0);
      await expectNoTokenLives();
    });

    it("a refresh stored by another instance while the disconnect's revoke is out: that token is revoked too", async () => {
      const { a, b, store } = await twoInstances();
      let refreshed: () => void = () => undefined;
      // The revoke is answered only once the other instance has refreshed and stored its new token.
      sandbox.failNext("revoke", { after: new Promise<void>((resolve) => (refreshed = resolve)) });
      const revokes = sandbox.received("revoke").length;
      const disconnecting = b.disconnect("user-1");
      await until(() => sandbox.received("revoke").length > revokes);
      const newToken = await a.getAccessToken("user-1");
      refreshed();
      await disconnecting;
      expect(sandbox.received("revoke").map((seen) => new URLSearchParams(seen.body).get("token"))).to.include(newToken);
      expect(store.size).to.equal(0);
      await expectNoTokenLives();
    });

    it("two instances sharing a store without a lock: the loser's invalid_grant ends with the winner's token", async () => {
      const store = new Map<string, string>();
      // Two strategies: two clients, as two processes would have.
      const [a, b] = [1, 2].map(() => new AttioConnections({ strategy: strategyFor(sandbox), secret: SECRET, store }));
      const grant = await connectWorkspace(sandbox);
      await a?.save("user-1", { ...grant, params: { expires_in: 30 } });
      sandbox.resetStats();
      const [fromA, fromB] = await Promise.all([a?.getAccessToken("user-1"), b?.getAccessToken("user-1")]);
      expect(fromA).to.equal(fromB);
      expect(sandbox.stats.requests.token, "both asked; one got invalid_grant").to.equal(2);
      expect(await b?.get("user-1")).to.include({ status: "active" });
    });
  });
});
