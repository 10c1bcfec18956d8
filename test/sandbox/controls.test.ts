/** The sandbox's controls beyond Attio's behaviour, over HTTP: members, workspaces, latency, faults, mounting. */
import { expect } from "chai";
import { get } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { AttioSandbox, DEMO_MEMBERS, SandboxMember, startAttioSandbox } from "../../src/testing";
import { listen, Listening } from "../../harness/server";

const CLIENT = { clientID: "controls-client", clientSecret: "controls-secret" };
const CALLBACK = "http://127.0.0.1:9/auth/attio/callback";

async function self(sandbox: AttioSandbox, token: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${sandbox.apiURL}/v2/self`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as Record<string, unknown>;
}

/** An auto-approved /authorize, with the Host header a browser at another address would send. */
function authorize(sandbox: AttioSandbox, redirectUri = CALLBACK, host?: string): Promise<{ status: number; location?: string }> {
  const url = new URL(sandbox.authorizationURL);
  url.search = new URLSearchParams({ client_id: CLIENT.clientID, response_type: "code", redirect_uri: redirectUri, state: "s" }).toString();
  return new Promise((resolve, reject) => {
    // fetch() may not set Host; node's client may.
    get(url, { headers: host === undefined ? {} : { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, ...(res.headers.location === undefined ? {} : { location: res.headers.location }) });
    }).on("error", reject);
  });
}

describe("Attio sandbox controls", () => {
  let sandbox: AttioSandbox;
  afterEach(() => sandbox?.close());

  it("strategyOptions() returns what AttioStrategy needs, and registers the callback URL", async () => {
    sandbox = await startAttioSandbox({ ...CLIENT, autoApprove: true });
    expect(sandbox.strategyOptions()).to.deep.equal({
      ...CLIENT,
      authorizationURL: `${sandbox.url}/authorize`,
      tokenURL: `${sandbox.url}/oauth/token`,
      apiURL: sandbox.url,
      revokeURL: `${sandbox.url}/oauth/revoke`,
    });
    expect((await authorize(sandbox)).status, "not registered yet").to.equal(400);
    expect(sandbox.strategyOptions(CALLBACK).callbackURL).to.equal(CALLBACK);
    expect((await authorize(sandbox)).status).to.equal(302);
  });

  it("members and workspaces a test sets: each token keeps the workspace it was granted in", async () => {
    sandbox = await startAttioSandbox(CLIENT);
    const first = sandbox.issueToken();
    const other = { id: "ws-2", name: "Second <Ltd>", slug: "second", hasLogo: false };
    const member: SandboxMember = { ...(DEMO_MEMBERS[0] as SandboxMember), id: "member-x", firstName: "Xena" };
    sandbox.setWorkspace(other);
    sandbox.setMembers([member]);
    const second = sandbox.issueToken();
    expect(await self(sandbox, first)).to.include({ workspace_id: DEMO_WORKSPACE_ID, sub: DEMO_WORKSPACE_ID });
    expect(await self(sandbox, second)).to.include({
      workspace_id: "ws-2",
      workspace_name: "Second <Ltd>",
      workspace_logo_url: null,
      authorized_by_workspace_member_id: "member-x",
    });
    const read = await fetch(`${sandbox.apiURL}/v2/workspace_members/member-x`, { headers: { authorization: `Bearer ${second}` } });
    expect(((await read.json()) as { data: { first_name: string } }).data.first_name).to.equal("Xena");
    expect(sandbox.workspace).to.equal(other);
    const logo = await fetch(`${sandbox.url}/assets/workspaces/${DEMO_WORKSPACE_ID}.svg`);
    expect(logo.status, "the first workspace's logo is still served").to.equal(200);
    expect(() => sandbox.setAutoApprove("nobody")).to.throw(TypeError, /autoApprove names no member/);
  });

  it("latencyMs delays every answer; setLatency changes it", async () => {
    sandbox = await startAttioSandbox({ ...CLIENT, latencyMs: 60 });
    const started = performance.now();
    await fetch(`${sandbox.url}/`);
    // A lower bound only: a slow machine may add to it, never take away.
    expect(performance.now() - started).to.be.at.least(55);
    sandbox.setLatency(0);
    expect(() => sandbox.setLatency(-1)).to.throw(TypeError, /latencyMs/);
  });

  it("received() lists what came in, with bodies, and resetStats() forgets it", async () => {
    sandbox = await startAttioSandbox(CLIENT);
    await fetch(sandbox.tokenURL, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=authorization_code&code=c+1",
    });
    await self(sandbox, "t");
    const [exchange] = sandbox.received("token");
    expect(exchange).to.include({ endpoint: "token", method: "POST", url: "/oauth/token", body: "grant_type=authorization_code&code=c+1" });
    expect(sandbox.received().map((entry) => entry.endpoint)).to.deep.equal(["token", "self"]);
    sandbox.resetStats();
    expect(sandbox.received()).to.deep.equal([]);
  });

  describe("faults", () => {
    beforeEach(async () => (sandbox = await startAttioSandbox(CLIENT)));

    it("respond: the given status, body and headers, once; then the real answer", async () => {
      sandbox.failNext("self", { respond: { status: 503, body: "down", headers: { "retry-after": "1" } } });
      const failed = await fetch(`${sandbox.apiURL}/v2/self`, { headers: { authorization: "Bearer t" } });
      expect([failed.status, failed.headers.get("retry-after"), await failed.text()]).to.deep.equal([503, "1", "down"]);
      expect(await self(sandbox, "t")).to.deep.equal({ active: false });
    });

    it("delayMs: the real answer, late", async () => {
      sandbox.failNext("self", { delayMs: 50 });
      const started = performance.now();
      expect(await self(sandbox, "t")).to.deep.equal({ active: false });
      expect(performance.now() - started).to.be.at.least(45);
    });

    it("reset, reset mid-body, a short body, a stalled body: the client sees the connection fail", async () => {
      const faults = [{ reset: true }, { reset: "mid-body" }, { shortBody: true }] as const;
      for (const fault of faults) {
        sandbox.failNext("self", fault);
        const outcome = await fetch(`${sandbox.apiURL}/v2/self`)
          .then((response) => response.text())
          .catch((err: unknown) => err);
        expect(outcome, JSON.stringify(fault)).to.be.instanceOf(Error);
      }
      sandbox.failNext("self", { stall: "mid-body" });
      const stalled = await fetch(`${sandbox.apiURL}/v2/self`, { signal: AbortSignal.timeout(200) });
      expect(stalled.status).to.equal(200);
      const body = await stalled.text().catch((err: unknown) => err);
      expect(body).to.be.instanceOf(Error).with.property("name", "TimeoutError");
    });

    it("stall and drip: no complete answer within the client's timeout", async () => {
      for (const fault of [{ stall: true }, { dripMs: 20 }] as const) {
        sandbox.failNext("self", fault);
        const outcome = await fetch(`${sandbox.apiURL}/v2/self`, { signal: AbortSignal.timeout(150) })
          .then((response) => response.text())
          .catch((err: unknown) => err);
        expect(outcome, JSON.stringify(fault)).to.be.instanceOf(Error).with.property("name", "TimeoutError");
      }
    });

    it("oversized: chunked past 2 MiB, a declared 50 MiB, a gzip bomb", async () => {
      sandbox.failNext("self", { oversized: "chunked" });
      expect((await (await fetch(`${sandbox.apiURL}/v2/self`)).arrayBuffer()).byteLength).to.equal(2 * 1024 * 1024);
      sandbox.failNext("self", { oversized: "declared" });
      expect((await fetch(`${sandbox.apiURL}/v2/self`, { signal: AbortSignal.timeout(150) })).headers.get("content-length")).to.equal(
        String(50 * 1024 * 1024),
      );
      sandbox.failNext("self", { oversized: "gzip-bomb" });
      const bomb = await fetch(`${sandbox.apiURL}/v2/self`);
      expect(bomb.headers.get("content-encoding")).to.equal("gzip");
      expect(Number(bomb.headers.get("content-length"))).to.be.below(16 * 1024);
      expect((await bomb.arrayBuffer()).byteLength).to.equal(4 * 1024 * 1024);
    });
  });

  describe("mounted on the app's own server", () => {
    let app: Listening;
    let server: Server;
    beforeEach(async () => {
      app = await listen((req, res) => sandbox.handle(req, res, () => res.writeHead(200).end("the app")));
      server = app.server;
      sandbox = await startAttioSandbox({ ...CLIENT, server, autoApprove: true, redirectUris: ["/auth/attio/callback"] });
    });
    afterEach(async () => {
      await sandbox.close();
      await app.close();
    });

    it("answers under /attio-sandbox and passes every other request on", async () => {
      const { port } = server.address() as AddressInfo;
      expect(sandbox.url).to.equal(`http://127.0.0.1:${port}/attio-sandbox`);
      expect(sandbox.apiURL).to.equal(sandbox.url);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).to.equal("the app");
      expect(await (await fetch(`http://127.0.0.1:${port}/attio-sandboxes`)).text()).to.equal("the app");
      expect(await self(sandbox, sandbox.issueToken())).to.include({
        active: true,
        workspace_logo_url: `${sandbox.url}/assets/workspaces/${DEMO_WORKSPACE_ID}.svg`,
      });
      expect((await fetch(`${sandbox.url}/assets/workspaces/${DEMO_WORKSPACE_ID}.svg`)).status).to.equal(200);
    });

    it("accepts a registered path on whichever origin the browser used, and no other origin", async () => {
      const { port } = server.address() as AddressInfo;
      for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`, "http://192.168.1.20:8080"]) {
        const back = await authorize(sandbox, `${origin}/auth/attio/callback`, new URL(origin).host);
        expect(back.status, origin).to.equal(302);
        expect(back.location, origin).to.match(new RegExp(`^${origin}/auth/attio/callback\\?code=`));
      }
      const elsewhere = await authorize(sandbox, "http://evil.example/auth/attio/callback", `127.0.0.1:${port}`);
      expect(elsewhere.status).to.equal(400);
      for (const uri of [
        `http://127.0.0.1:${port}/elsewhere`,
        `http://someone@127.0.0.1:${port}/auth/attio/callback`,
        `http://127.0.0.1:${port}/auth/attio/callback?next=/`,
        `https://127.0.0.1:${port}/auth/attio/callback`,
      ]) {
        expect((await authorize(sandbox, uri, `127.0.0.1:${port}`)).status, uri).to.equal(400);
      }
    });

    it("after close(), passes every request on", async () => {
      await sandbox.close();
      expect(await (await fetch(`${sandbox.url}/authorize`)).text()).to.equal("the app");
    });

    it("refuses a server that is not listening yet, and a malformed base path", async () => {
      const stopped = await listen(() => undefined);
      await stopped.close();
      const notYet = stopped.server;
      let error: unknown;
      await startAttioSandbox({ ...CLIENT, server: notYet }).catch((err: unknown) => (error = err));
      expect(error)
        .to.be.instanceOf(TypeError)
        .with.property("message")
        .that.matches(/already be listening/);
      error = undefined;
      await startAttioSandbox({ ...CLIENT, basePath: "attio/" }).catch((err: unknown) => (error = err));
      expect(error)
        .to.be.instanceOf(TypeError)
        .with.property("message")
        .that.matches(/basePath/);
    });
  });

  it("with a base path on its own server, answers nothing outside it", async () => {
    sandbox = await startAttioSandbox({ ...CLIENT, basePath: "/attio" });
    expect(sandbox.tokenURL).to.match(/\/attio\/oauth\/token$/);
    expect((await fetch(`${sandbox.url.replace(/\/attio$/, "")}/v2/self`, { headers: { authorization: "Bearer t" } })).status).to.equal(
      404,
    );
    expect(await self(sandbox, "t")).to.deep.equal({ active: false });
  });
});

const DEMO_WORKSPACE_ID = "5b3f3d8e-6a2b-4c1d-9e0f-1a2b3c4d5e6f";
