/**
 * The sandbox as a client's connection pool sees it: Attio's two origins, the
 * connections each accepted and what they carried, ended on demand; and
 * sign-in links decided without a request.
 */
import { expect } from "chai";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import net, { Socket } from "node:net";
import { AttioSandbox, startAttioSandbox } from "../../src/testing";
import { listen } from "../../harness/server";
import { withoutNock } from "../helpers/without-nock";

const CLIENT = { clientID: "origins-client", clientSecret: "origins-secret" };
const CALLBACK = "http://127.0.0.1:9/auth/attio/callback";

/** One GET or POST on `agent`, read to the end: the status and the client's socket. */
function request(
  url: string,
  agent: http.Agent,
  options: { method?: string; token?: string } = {},
): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const headers = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
    const req = http.request(url, { agent, method: options.method ?? "GET", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, socket: req.socket as Socket }));
    });
    req.on("error", reject);
    req.end();
  });
}

function signInLink(sandbox: AttioSandbox, params: Record<string, string> = {}): string {
  const url = new URL(sandbox.authorizationURL);
  url.search = new URLSearchParams({
    client_id: CLIENT.clientID,
    response_type: "code",
    redirect_uri: CALLBACK,
    state: "s+/=",
    ...params,
  }).toString();
  return url.toString();
}

describe("Attio sandbox: origins and connections", () => {
  withoutNock();
  let sandbox: AttioSandbox;
  let agent: http.Agent;
  beforeEach(() => (agent = new http.Agent({ keepAlive: true, maxSockets: 1 })));
  afterEach(async () => {
    agent.destroy();
    await sandbox?.close();
  });

  describe("separateApiOrigin", () => {
    beforeEach(async () => (sandbox = await startAttioSandbox({ ...CLIENT, separateApiOrigin: true })));

    it("serves /v2/* on an origin of its own, and each origin only its own endpoints", async () => {
      const app = new URL(sandbox.url);
      const api = new URL(sandbox.apiURL);
      expect(api.hostname).to.equal(app.hostname);
      expect(api.port).to.not.equal(app.port);
      expect(sandbox.strategyOptions().apiURL).to.equal(sandbox.apiURL);
      expect(sandbox.tokenURL).to.equal(`${sandbox.url}/oauth/token`);
      const token = sandbox.issueToken();
      expect((await request(`${sandbox.apiURL}/v2/self`, agent, { token })).status).to.equal(200);
      expect((await request(`${sandbox.url}/v2/self`, agent, { token })).status, "the API on the app origin").to.equal(404);
      expect(
        (await request(`${sandbox.apiURL}/oauth/token`, agent, { method: "POST" })).status,
        "the token endpoint on the API origin",
      ).to.equal(404);
      expect((await request(`${sandbox.apiURL}/oauth/revoke`, agent, { method: "POST", token })).status).to.equal(404);
      expect(sandbox.stats.requests).to.include({ self: 1, token: 0, revoke: 0, other: 3 });
      expect((await request(`${sandbox.url}/oauth/revoke`, agent, { method: "POST", token })).status).to.equal(204);
    });

    it("counts connections per origin, and resets them in place", async () => {
      const { stats } = sandbox;
      await request(`${sandbox.apiURL}/v2/self`, agent, { token: "t" });
      await request(`${sandbox.apiURL}/v2/self`, agent, { token: "t" });
      await request(`${sandbox.url}/oauth/introspect`, agent, { method: "POST", token: "t" });
      expect(stats.connectionsByOrigin).to.deep.equal({ app: 1, api: 1 });
      expect(stats.connections).to.equal(2);
      sandbox.resetStats();
      expect(stats.connectionsByOrigin).to.deep.equal({ app: 0, api: 0 });
      expect(stats.connections).to.equal(0);
    });

    it("closes both origins", async () => {
      const { apiURL } = sandbox;
      await sandbox.close();
      const refused = await request(`${apiURL}/v2/self`, agent).catch((err: unknown) => err);
      expect(refused).to.be.instanceOf(Error).with.property("code", "ECONNREFUSED");
    });

    it("is refused with `server`, whose connections are the caller's", async () => {
      const app = await listen(() => undefined);
      try {
        const started = startAttioSandbox({ ...CLIENT, server: app.server, separateApiOrigin: true });
        const error = await started.catch((err: unknown) => err);
        expect(error)
          .to.be.instanceOf(TypeError)
          .with.property("message")
          .that.matches(/separateApiOrigin/);
      } finally {
        await app.close();
      }
    });
  });

  describe("connections() and dropConnections()", () => {
    beforeEach(async () => (sandbox = await startAttioSandbox({ ...CLIENT, separateApiOrigin: true })));

    it("lists each connection with its origin, its client's port and the requests it carried", async () => {
      const first = await request(`${sandbox.apiURL}/v2/self`, agent, { token: "t" });
      await request(`${sandbox.apiURL}/v2/workspace_members/m`, agent, { token: "t" });
      await request(`${sandbox.url}/oauth/token`, agent, { method: "POST" });
      const last = await request(`${sandbox.url}/`, agent);
      expect(sandbox.connections()).to.deep.equal([
        { id: 1, origin: "api", remotePort: first.socket.localPort, requests: ["self", "member"], closed: false },
        {
          id: 2,
          origin: "app",
          remotePort: last.socket.localPort,
          requests: ["token", "other"],
          closed: false,
        },
      ]);
      sandbox.resetStats();
      expect(sandbox.connections()).to.deep.equal([]);
    });

    it("ends every open connection, as an idle timeout would; the next request opens a new one", async () => {
      const before = await request(`${sandbox.apiURL}/v2/self`, agent, { token: "t" });
      const clientClosed = once(before.socket, "close");
      await sandbox.dropConnections();
      await clientClosed;
      expect(sandbox.connections().map((connection) => connection.closed)).to.deep.equal([true]);
      const after = await request(`${sandbox.apiURL}/v2/self`, agent, { token: "t" });
      expect(after.socket).to.not.equal(before.socket);
      expect(sandbox.connections().map((connection) => connection.requests)).to.deep.equal([["self"], ["self"]]);
    });

    it("cuts a connection whose client never closes its end", async () => {
      // allowHalfOpen: the client reads the sandbox's FIN and never sends its own.
      const socket = net.connect({ port: Number(new URL(sandbox.url).port), host: "127.0.0.1", allowHalfOpen: true });
      socket.on("error", () => undefined);
      await once(socket, "connect");
      while (sandbox.connections().length === 0) await new Promise((resolve) => setImmediate(resolve));
      const started = performance.now();
      await sandbox.dropConnections();
      expect(performance.now() - started).to.be.below(5000);
      expect(sandbox.connections()[0]?.closed).to.equal(true);
      socket.destroy();
    });
  });

  describe("faults for as long as a test needs, and held back until it says so", () => {
    beforeEach(async () => (sandbox = await startAttioSandbox(CLIENT)));

    it("times: Infinity plays a fault on every request until clearFaults()", async () => {
      sandbox.failNext("self", { respond: { status: 503, body: "{}" } }, Infinity);
      for (let i = 0; i < 3; i++) expect((await request(`${sandbox.apiURL}/v2/self`, agent, { token: "t" })).status).to.equal(503);
      sandbox.clearFaults("token");
      expect((await request(`${sandbox.apiURL}/v2/self`, agent, { token: "t" })).status).to.equal(503);
      sandbox.clearFaults();
      expect((await request(`${sandbox.apiURL}/v2/self`, agent, { token: "t" })).status).to.equal(200);
      for (const times of [0, -1, 1.5, Number.NaN]) {
        expect(() => sandbox.failNext("self", { reset: true }, times), String(times)).to.throw(TypeError, /times/);
      }
    });

    it("after: the real answer once the promise settles, not before", async () => {
      let release: () => void = () => undefined;
      sandbox.failNext("self", { after: new Promise<void>((resolve) => (release = resolve)) });
      sandbox.failNext("introspect", { after: Promise.reject(new Error("settled all the same")) });
      let answered = false;
      const held = request(`${sandbox.apiURL}/v2/self`, agent, { token: "t" }).then((outcome) => ((answered = true), outcome));
      const other = new http.Agent();
      expect((await request(`${sandbox.url}/oauth/introspect`, other, { method: "POST", token: "t" })).status).to.equal(200);
      other.destroy();
      expect(answered, "held back").to.equal(false);
      expect(sandbox.stats.requests.self, "but received").to.equal(1);
      release();
      expect((await held).status).to.equal(200);
    });
  });

  describe("approve()", () => {
    beforeEach(async () => (sandbox = await startAttioSandbox({ ...CLIENT, redirectUris: [CALLBACK] })));

    it("decides a sign-in link without a request: the callback URL with a code that exchanges, and the state", async () => {
      const verifier = randomBytes(32).toString("base64url");
      const challenge = createHash("sha256").update(verifier).digest("base64url");
      const back = new URL(sandbox.approve(signInLink(sandbox, { code_challenge: challenge, code_challenge_method: "S256" })));
      expect(`${back.origin}${back.pathname}`).to.equal(CALLBACK);
      expect(back.searchParams.get("state")).to.equal("s+/=");
      expect(sandbox.stats.requests.authorize, "no request").to.equal(0);
      expect(sandbox.connections()).to.deep.equal([]);
      const exchange = await fetch(sandbox.tokenURL, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: back.searchParams.get("code") ?? "",
          redirect_uri: CALLBACK,
          code_verifier: verifier,
          ...{ client_id: CLIENT.clientID, client_secret: CLIENT.clientSecret },
        }),
      });
      const { access_token: token } = (await exchange.json()) as { access_token: string };
      const self = await fetch(`${sandbox.apiURL}/v2/self`, { headers: { authorization: `Bearer ${token}` } });
      expect(await self.json()).to.include({ active: true, authorized_by_workspace_member_id: sandbox.members[0]?.id });
    });

    it("as a given member, or denied; and as autoApprove says by default", async () => {
      const second = sandbox.members[1]?.id ?? "";
      const asSecond = new URL(sandbox.approve(signInLink(sandbox), second));
      const code = asSecond.searchParams.get("code") ?? "";
      expect(code).to.have.length.greaterThan(0);
      const denied = new URL(sandbox.approve(signInLink(sandbox), "deny"));
      expect(Object.fromEntries(denied.searchParams)).to.deep.equal({
        error: "access_denied",
        error_description: "The user denied the request.",
        state: "s+/=",
      });
      sandbox.setAutoApprove("deny");
      expect(new URL(sandbox.approve(signInLink(sandbox))).searchParams.get("error")).to.equal("access_denied");
      expect(new URL(sandbox.approve(signInLink(sandbox, { response_type: "token" }))).searchParams.get("error")).to.equal(
        "unsupported_response_type",
      );
    });

    it("throws for a link the sandbox would answer with a page of its own", () => {
      expect(() => sandbox.approve(signInLink(sandbox, { client_id: "someone-else" }))).to.throw(TypeError, /Unknown app/);
      expect(() => sandbox.approve(signInLink(sandbox, { redirect_uri: "http://evil.example/cb" }))).to.throw(
        TypeError,
        /Redirect URI not registered/,
      );
      expect(() => sandbox.approve(signInLink(sandbox), "nobody")).to.throw(TypeError, /No member chosen/);
    });
  });
});
