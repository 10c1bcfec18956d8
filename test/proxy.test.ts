/**
 * The `agent` option with a corporate proxy: https-proxy-agent through a CONNECT
 * proxy on loopback that counts its tunnels. Every request to Attio must ride a
 * tunnel, and the deadline and the size cap must still hold.
 */
import { expect } from "chai";
import { once } from "node:events";
import http from "node:http";
import net, { AddressInfo } from "node:net";
import { HttpsProxyAgent } from "https-proxy-agent";
import refresh from "passport-oauth2-refresh";
import { AttioError, AttioStrategy, checkAccessToken, MAX_RESPONSE_BYTES } from "../src";
import type { AttioSandbox, AttioSandboxOptions, SandboxOrigin } from "../src/testing";
import { startAttioSandbox } from "../src/testing";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../harness/fixtures";
import { connectWorkspace } from "../harness/sandbox-grant";
import { loginApp, startLogin } from "./helpers/app";
import { withoutNock } from "./helpers/without-nock";

interface Proxy {
  readonly url: string;
  /** The `host:port` of each CONNECT, in order. */
  readonly tunnels: string[];
  /** Local ports of the proxy's own connections to the hosts. */
  readonly upstreamPorts: Set<number>;
  /** When set, CONNECT requests are accepted and never answered. */
  stall: boolean;
  close(): Promise<void>;
}

async function startProxy(): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const proxy: Proxy = { url: "", tunnels: [], upstreamPorts: new Set(), stall: false, close: async () => undefined };
  // The proxy must own its sockets: a CONNECT hands it the raw client socket to tunnel.
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    proxy.tunnels.push(req.url ?? "");
    if (proxy.stall) return;
    const [host, port] = (req.url ?? "").split(":");
    const upstream = net.connect(Number(port), host, () => {
      proxy.upstreamPorts.add(upstream.localPort ?? 0);
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).on("error", () => client.destroy());
      client.pipe(upstream).on("error", () => upstream.destroy());
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  });
}

describe("the agent option, through a CONNECT proxy", () => {
  withoutNock();
  let attio: AttioSandbox;
  let proxy: Proxy;
  let agent: HttpsProxyAgent<string>;

  const startAttio = (options: Partial<AttioSandboxOptions> = {}): Promise<AttioSandbox> =>
    startAttioSandbox({
      clientID: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [CALLBACK_URL],
      separateApiOrigin: true,
      ...options,
    });

  beforeEach(async () => {
    [attio, proxy] = await Promise.all([startAttio(), startProxy()]);
    agent = new HttpsProxyAgent(proxy.url, { keepAlive: true });
  });
  afterEach(async () => {
    agent.destroy();
    await Promise.all([attio.close(), proxy.close()]);
  });

  function strategy(timeout = 2000): AttioStrategy {
    const options = { ...attio.strategyOptions(CALLBACK_URL), callbackURL: CALLBACK_URL, scope: ["user_management:read"], agent, timeout };
    return new AttioStrategy(options, async (_a, _r, _p, profile) => ({ id: profile.id }));
  }

  /** Every request `origin` received, in order. */
  function requestsTo(origin: SandboxOrigin): string[] {
    return attio.connections().flatMap((connection) => (connection.origin === origin ? connection.requests : []));
  }

  /** Every connection either origin accepted came from the proxy's end of a tunnel. */
  function everyConnectionTunnelled(): void {
    const remotePorts = attio.connections().map((connection) => connection.remotePort);
    expect(remotePorts.length).to.be.greaterThan(0);
    for (const port of remotePorts) expect(proxy.upstreamPorts.has(port), `connection from port ${port}`).to.equal(true);
    expect(proxy.tunnels).to.have.length(remotePorts.length);
  }

  it("carries every request of a login: token, /v2/self and the member", async () => {
    const app = loginApp(strategy());
    const authorizeURL = await startLogin(app.agent);
    const login = await app.agent.get(`/auth/attio/callback${new URL(attio.approve(authorizeURL)).search}`);
    expect(login.status).to.equal(200);
    expect(login.body).to.deep.equal({ user: { id: attio.members[0]?.id } });
    expect(requestsTo("app")).to.deep.equal(["token"]);
    expect(requestsTo("api")).to.deep.equal(["self", "member"]);
    everyConnectionTunnelled();
    expect(new Set(proxy.tunnels)).to.deep.equal(new Set([new URL(attio.url).host, new URL(attio.apiURL).host]));
  });

  it("carries passport-oauth2-refresh's token requests", async () => {
    await attio.close();
    attio = await startAttio({ tokenLifetimeSeconds: 3600 });
    const grant = await connectWorkspace(attio);
    attio.resetStats(); // the grant's own requests went straight to the sandbox
    const refreshing = strategy();
    refresh.use(refreshing);
    const accessToken = await new Promise<string | undefined>((resolve, reject) =>
      refresh.requestNewAccessToken("attio", grant.refreshToken ?? "", (err, token) => (err ? reject(err) : resolve(token))),
    );
    expect(accessToken).to.equal(attio.issuedTokens().at(-1)).and.not.equal(grant.accessToken);
    expect(requestsTo("app")).to.deep.equal(["token"]);
    everyConnectionTunnelled();
  });

  it("keeps the deadline when the proxy never opens the tunnel", async () => {
    proxy.stall = true;
    const err = await rejection(checkAccessToken(strategy(100), attio.issueToken()));
    expect(err.code).to.equal("ATTIO_TIMEOUT");
    expect(attio.connections()).to.have.length(0);
  });

  it("keeps the deadline when Attio stalls behind the proxy", async () => {
    attio.failNext("self", { stall: true });
    const err = await rejection(checkAccessToken(strategy(100), attio.issueToken()));
    expect(err.code).to.equal("ATTIO_TIMEOUT");
    everyConnectionTunnelled();
  });

  it("keeps the size cap behind the proxy", async () => {
    attio.failNext("self", { respond: { status: 200, body: `{"active":true,"pad":"${"x".repeat(MAX_RESPONSE_BYTES)}"}` } });
    const err = await rejection(checkAccessToken(strategy(), attio.issueToken()));
    expect(err.code).to.equal("ATTIO_RESPONSE_TOO_LARGE");
    everyConnectionTunnelled();
  });
});

async function rejection(promise: Promise<unknown>): Promise<AttioError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).to.be.instanceOf(AttioError);
  return outcome as AttioError;
}
