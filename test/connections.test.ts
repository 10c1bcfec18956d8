/**
 * Warm connections: the authorize redirect opens one connection to each Attio
 * host, the token exchange opens the API host's, and a login then rides them.
 * Asserted on the sockets the two loopback hosts accepted.
 */
import { expect } from "chai";
import { once } from "node:events";
import { AttioStrategy, checkAccessToken } from "../src";
import { loginApp, LoginApp, startLogin } from "./helpers/app";
import { ACCESS_TOKEN, AUTH_CODE, MEMBER_ID, TOKEN_BODY } from "../harness/fixtures";
import { startTwoHosts, TwoHosts } from "./helpers/two-hosts";
import { withoutNock } from "./helpers/without-nock";

const TOKEN = "POST /oauth/token";
const SELF = "GET /v2/self";
const MEMBER = `GET /v2/workspace_members/${MEMBER_ID}`;

describe("warm connections to Attio", () => {
  withoutNock();
  let attio: TwoHosts;
  let strategy: AttioStrategy;
  let app: LoginApp;

  beforeEach(async () => {
    attio = await startTwoHosts();
    strategy = new AttioStrategy({ ...attio.options, scope: ["user_management:read"] }, async (_a, _r, _p, profile) => ({
      id: profile.id,
    }));
    app = loginApp(strategy);
  });
  afterEach(() => attio.close());

  async function callback(authorizeURL: URL): Promise<{ status: number; body: unknown }> {
    const state = authorizeURL.searchParams.get("state") ?? "";
    const response = await app.agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${encodeURIComponent(state)}`);
    return { status: response.status, body: response.body as unknown };
  }

  /** Closes every connection the hosts hold, as a server's idle timeout would, and waits until the client has seen it. */
  async function serverIdleTimeout(): Promise<void> {
    const sockets = [...attio.app.connections, ...attio.api.connections].map((c) => c.socket).filter((s) => !s.destroyed);
    await Promise.all(sockets.map((socket) => once(socket.end(), "close")));
  }

  it("warm: the redirect opens one connection per host, and the login then opens none", async () => {
    const authorizeURL = await startLogin(app.agent);
    await Promise.all([attio.app.connected(1), attio.api.connected(1)]);
    const login = await callback(authorizeURL);
    expect(login).to.deep.equal({ status: 200, body: { user: { id: MEMBER_ID } } });
    expect(attio.app.connections.map((c) => c.requests)).to.deep.equal([[TOKEN]]);
    expect(attio.api.connections.map((c) => c.requests)).to.deep.equal([[SELF, MEMBER]]);
  });

  it("cold: with the warm connections gone, the API host's opens while the token is exchanged", async () => {
    const authorizeURL = await startLogin(app.agent);
    await Promise.all([attio.app.connected(1), attio.api.connected(1)]);
    await serverIdleTimeout();
    // The token endpoint answers only once the API host has accepted a new connection.
    attio.app.behave((_req, res) => {
      void attio.api.connected(2).then(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(TOKEN_BODY)));
      return "handled";
    });
    const login = await callback(authorizeURL);
    expect(login).to.deep.equal({ status: 200, body: { user: { id: MEMBER_ID } } });
    expect(attio.app.connections.map((c) => c.requests)).to.deep.equal([[], [TOKEN]]);
    expect(attio.api.connections.map((c) => c.requests)).to.deep.equal([[], [SELF, MEMBER]]);
  });

  it("a flood of redirects opens no more than one warm connection per host", async () => {
    const floods = await Promise.all(Array.from({ length: 40 }, () => startLogin(app.agent)));
    const last = floods.at(-1);
    if (!last) throw new Error("no redirect");
    const login = await callback(last);
    expect(login.status).to.equal(200);
    expect(attio.app.connections).to.have.length(1);
    expect(attio.api.connections).to.have.length(1);
  });

  it("a warm connection the server closed is never used: the token request goes out once, on a fresh connection", async () => {
    const authorizeURL = await startLogin(app.agent);
    await Promise.all([attio.app.connected(1), attio.api.connected(1)]);
    await serverIdleTimeout();
    const login = await callback(authorizeURL);
    expect(login.status).to.equal(200);
    expect(attio.app.requests()).to.deep.equal([TOKEN]);
    expect(attio.app.connections.map((c) => c.requests)).to.deep.equal([[], [TOKEN]]);
  });

  it("a kept-alive connection reset by the server is retried once on a fresh one for a GET", async () => {
    expect(await checkAccessToken(strategy, ACCESS_TOKEN)).to.include({ active: true });
    attio.api.behave((req, _res, connection) => {
      if (connection.requests.length < 2) return "answer";
      req.socket.destroy(); // a connection the server had given up on
      return "handled";
    });
    expect(await checkAccessToken(strategy, ACCESS_TOKEN)).to.include({ active: true });
    expect(attio.api.connections.map((c) => c.requests)).to.deep.equal([[SELF, SELF], [SELF]]);
  });

  it("a token request that may have reached the server is not sent again: the login fails with a network error", async () => {
    const authorizeURL = await startLogin(app.agent);
    await attio.app.connected(1);
    attio.app.behave((req) => {
      req.socket.destroy();
      return "handled";
    });
    const login = await callback(authorizeURL);
    expect(login.status).to.equal(500);
    expect(login.body).to.deep.equal({
      error: { name: "AttioRequestError", code: "ATTIO_NETWORK_ERROR", message: "Could not reach Attio's token endpoint (ECONNRESET)." },
    });
    expect(attio.app.requests()).to.deep.equal([TOKEN]);
  });
});
