/**
 * Warm connections: the authorize redirect opens one connection to each Attio
 * host, the token exchange opens the API host's, and a login then rides them.
 * Asserted on the connections the Attio sandbox's two origins accepted; the
 * sign-in links are approved without a request, so no browser connection shows.
 */
import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import { AttioAgent, AttioStrategy, checkAccessToken } from "../src";
import type { AttioSandbox, SandboxEndpoint, SandboxOrigin } from "../src/testing";
import { startAttioSandbox } from "../src/testing";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../harness/fixtures";
import { loginApp, LoginApp, startLogin } from "./helpers/app";
import { withoutNock } from "./helpers/without-nock";

describe("warm connections to Attio", () => {
  withoutNock();
  let attio: AttioSandbox;
  let strategy: AttioStrategy;
  let app: LoginApp;
  const member = (): string => attio.members[0]?.id ?? "";

  beforeEach(async () => {
    attio = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, separateApiOrigin: true });
    const options = { ...attio.strategyOptions(CALLBACK_URL), callbackURL: CALLBACK_URL, scope: ["user_management:read"] };
    strategy = new AttioStrategy(options, async (_a, _r, _p, profile) => ({ id: profile.id }));
    app = loginApp(strategy);
  });
  afterEach(() => attio.close());

  async function callback(authorizeURL: URL): Promise<{ status: number; body: unknown }> {
    const response = await app.agent.get(`/auth/attio/callback${new URL(attio.approve(authorizeURL)).search}`);
    return { status: response.status, body: response.body as unknown };
  }

  /** The requests each connection to `origin` carried, one list per connection, in the order accepted. */
  function carried(origin: SandboxOrigin): SandboxEndpoint[][] {
    return attio.connections().flatMap((connection) => (connection.origin === origin ? [[...connection.requests]] : []));
  }

  /** Resolves once `origin` has accepted `count` connections in all. */
  async function accepted(origin: SandboxOrigin, count: number): Promise<void> {
    while (attio.stats.connectionsByOrigin[origin] < count) await sleep(2);
  }

  it("warm: the redirect opens one connection per host, and the login then opens none", async () => {
    const authorizeURL = await startLogin(app.agent);
    await Promise.all([accepted("app", 1), accepted("api", 1)]);
    const login = await callback(authorizeURL);
    expect(login).to.deep.equal({ status: 200, body: { user: { id: member() } } });
    expect(carried("app")).to.deep.equal([["token"]]);
    expect(carried("api")).to.deep.equal([["self", "member"]]);
  });

  it("cold: with the warm connections gone, the API host's opens while the token is exchanged", async () => {
    const authorizeURL = await startLogin(app.agent);
    await Promise.all([accepted("app", 1), accepted("api", 1)]);
    await attio.dropConnections();
    // The token endpoint answers only once the API host has accepted a new connection.
    attio.failNext("token", { after: accepted("api", 2) });
    const login = await callback(authorizeURL);
    expect(login).to.deep.equal({ status: 200, body: { user: { id: member() } } });
    expect(carried("app")).to.deep.equal([[], ["token"]]);
    expect(carried("api")).to.deep.equal([[], ["self", "member"]]);
  });

  it("a flood of redirects opens no more than one warm connection per host", async () => {
    const floods = await Promise.all(Array.from({ length: 40 }, () => startLogin(app.agent)));
    const last = floods.at(-1);
    if (!last) throw new Error("no redirect");
    const login = await callback(last);
    expect(login.status).to.equal(200);
    expect(attio.stats.connectionsByOrigin).to.deep.equal({ app: 1, api: 1 });
  });

  it("a warm connection the server closed is never used: the token request goes out once, on a fresh connection", async () => {
    const authorizeURL = await startLogin(app.agent);
    await Promise.all([accepted("app", 1), accepted("api", 1)]);
    await attio.dropConnections();
    const login = await callback(authorizeURL);
    expect(login.status).to.equal(200);
    expect(attio.stats.requests.token).to.equal(1);
    expect(carried("app")).to.deep.equal([[], ["token"]]);
  });

  it("a kept-alive connection reset by the server is retried once on a fresh one for a GET", async () => {
    const token = attio.issueToken();
    expect(await checkAccessToken(strategy, token)).to.include({ active: true });
    attio.failNext("self", { reset: true }); // a connection the server had given up on
    expect(await checkAccessToken(strategy, token)).to.include({ active: true });
    expect(carried("api")).to.deep.equal([["self", "self"], ["self"]]);
  });

  it("a token request that may have reached the server is not sent again: the login fails with a network error", async () => {
    const authorizeURL = await startLogin(app.agent);
    await accepted("app", 1);
    attio.failNext("token", { reset: true });
    const login = await callback(authorizeURL);
    expect(login.status).to.equal(500);
    expect(login.body).to.deep.equal({
      error: { name: "AttioRequestError", code: "ATTIO_NETWORK_ERROR", message: "Could not reach Attio's token endpoint (ECONNRESET)." },
    });
    expect(carried("app").flat()).to.deep.equal(["token"]);
  });

  it("AttioAgent.preconnect opens to where a URL points now, even one changed since it was last given", async () => {
    const agent = new AttioAgent();
    try {
      const url = new URL(attio.url.replace("http:", "https:"));
      agent.preconnect(url);
      await accepted("app", 1);
      url.port = new URL(attio.apiURL).port;
      agent.preconnect(url);
      // Bounded, so that a connection that never comes fails the test rather than hanging it.
      for (let waited = 0; waited < 2000 && attio.stats.connectionsByOrigin.api < 1; waited += 2) await sleep(2);
      expect(attio.stats.connectionsByOrigin).to.deep.equal({ app: 1, api: 1 });
    } finally {
      agent.destroy();
    }
  });
});
