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
import { loginApp, startLogin } from "./helpers/app";
import { ACCESS_TOKEN, AUTH_CODE, MEMBER_ID } from "../harness/fixtures";
import { startTwoHosts, TwoHosts } from "./helpers/two-hosts";
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
  let attio: TwoHosts;
  let proxy: Proxy;
  let agent: HttpsProxyAgent<string>;

  beforeEach(async () => {
    [attio, proxy] = await Promise.all([startTwoHosts(), startProxy()]);
    agent = new HttpsProxyAgent(proxy.url, { keepAlive: true });
  });
  afterEach(async () => {
    agent.destroy();
    await Promise.all([attio.close(), proxy.close()]);
  });

  function strategy(timeout = 2000): AttioStrategy {
    return new AttioStrategy({ ...attio.options, scope: ["user_management:read"], agent, timeout }, async (_a, _r, _p, profile) => ({
      id: profile.id,
    }));
  }

  /** Every connection either host accepted came from the proxy's end of a tunnel. */
  function everyConnectionTunnelled(): void {
    const remotePorts = [...attio.app.connections, ...attio.api.connections].map((c) => c.socket.remotePort);
    expect(remotePorts.length).to.be.greaterThan(0);
    for (const port of remotePorts) expect(proxy.upstreamPorts.has(port ?? -1), `connection from port ${port}`).to.equal(true);
    expect(proxy.tunnels).to.have.length(remotePorts.length);
  }

  it("carries every request of a login: token, /v2/self and the member", async () => {
    const app = loginApp(strategy());
    const authorizeURL = await startLogin(app.agent);
    const state = authorizeURL.searchParams.get("state") ?? "";
    const login = await app.agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${encodeURIComponent(state)}`);
    expect(login.status).to.equal(200);
    expect(login.body).to.deep.equal({ user: { id: MEMBER_ID } });
    expect(attio.app.requests()).to.deep.equal(["POST /oauth/token"]);
    expect(attio.api.requests()).to.deep.equal(["GET /v2/self", `GET /v2/workspace_members/${MEMBER_ID}`]);
    everyConnectionTunnelled();
    expect(new Set(proxy.tunnels)).to.deep.equal(new Set([new URL(attio.app.origin).host, new URL(attio.api.origin).host]));
  });

  it("carries passport-oauth2-refresh's token requests", async () => {
    const refreshing = strategy();
    refresh.use(refreshing);
    const accessToken = await new Promise<string | undefined>((resolve, reject) =>
      refresh.requestNewAccessToken("attio", "refresh-token-through-proxy", (err, token) => (err ? reject(err) : resolve(token))),
    );
    expect(accessToken).to.equal(ACCESS_TOKEN);
    expect(attio.app.requests()).to.deep.equal(["POST /oauth/token"]);
    everyConnectionTunnelled();
  });

  it("keeps the deadline when the proxy never opens the tunnel", async () => {
    proxy.stall = true;
    const err = await rejection(checkAccessToken(strategy(100), ACCESS_TOKEN));
    expect(err.code).to.equal("ATTIO_TIMEOUT");
    expect(attio.api.connections).to.have.length(0);
  });

  it("keeps the deadline when Attio stalls behind the proxy", async () => {
    attio.api.behave(() => "handled");
    const err = await rejection(checkAccessToken(strategy(100), ACCESS_TOKEN));
    expect(err.code).to.equal("ATTIO_TIMEOUT");
    everyConnectionTunnelled();
  });

  it("keeps the size cap behind the proxy", async () => {
    attio.api.behave((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"active":true,"pad":"${"x".repeat(MAX_RESPONSE_BYTES)}"}`);
      return "handled";
    });
    const err = await rejection(checkAccessToken(strategy(), ACCESS_TOKEN));
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
