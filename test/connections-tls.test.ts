/**
 * The token request on a warm connection whose TLS handshake never finished: it
 * cannot have reached the server, so it is sent again once, on a fresh connection.
 * Over real TLS on loopback, with a certificate made for the run.
 */
import { expect } from "chai";
import { once } from "node:events";
import https from "node:https";
import net, { AddressInfo } from "node:net";
import { selfSignedCertificate } from "../harness/tls-cert";
import { AttioAgent, AttioStrategy } from "../src";
import { loginApp, startLogin } from "./helpers/app";
import { AUTH_CODE, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, MEMBER_ID, memberBody, selfBody, TOKEN_BODY } from "../harness/fixtures";
import { withoutNock } from "./helpers/without-nock";

describe("warm connections over TLS", () => {
  withoutNock();
  const certificate = selfSignedCertificate();
  const closers: (() => void)[] = [];
  afterEach(() => closers.splice(0).forEach((close) => close()));

  async function listen(server: net.Server): Promise<number> {
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    closers.push(() => {
      if (server instanceof https.Server) server.closeAllConnections();
      server.close();
    });
    return (server.address() as AddressInfo).port;
  }

  function attioServer(requests: string[]): https.Server {
    // Its own server, not the sandbox: the case is about TLS handshakes, and the sandbox speaks plain HTTP.
    return https.createServer(certificate, (req, res) => {
      requests.push(`${req.method} ${req.url}`);
      req.resume();
      req.on("end", () => {
        const body =
          req.url === "/oauth/token" ? TOKEN_BODY : req.url === "/v2/self" ? selfBody({ scope: "user_management:read" }) : memberBody();
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      });
    });
  }

  it("resends the token request when the warm connection was reset before its handshake finished", async () => {
    const tokenRequests: string[] = [];
    const tokenPort = await listen(attioServer(tokenRequests));
    const apiPort = await listen(attioServer([]));
    // In front of the token host: the first connection (the warm one) is held mid-handshake; later ones reach the host.
    const accepted: net.Socket[] = [];
    // A raw TCP socket: the first connection must be held mid-handshake, below TLS and HTTP.
    const front = net.createServer((socket) => {
      accepted.push(socket);
      socket.on("error", () => undefined);
      if (accepted.length === 1) return;
      const host = net.connect(tokenPort, "127.0.0.1");
      host.on("error", () => socket.destroy());
      socket.pipe(host).pipe(socket);
    });
    const frontPort = await listen(front);
    closers.push(() => accepted.forEach((socket) => socket.destroy()));

    class ResetAtExchange extends AttioStrategy {
      /** Called by passport-oauth2 just before the token request: the held connection is reset as it is handed out. */
      override tokenParams(options: object): object {
        accepted[0]?.destroy();
        return super.tokenParams(options);
      }
    }
    const strategy = new ResetAtExchange(
      {
        clientID: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        callbackURL: CALLBACK_URL,
        authorizationURL: `https://127.0.0.1:${frontPort}/authorize`,
        tokenURL: `https://127.0.0.1:${frontPort}/oauth/token`,
        apiURL: `https://127.0.0.1:${apiPort}`,
        scope: ["user_management:read"],
        agent: new AttioAgent({ ca: certificate.cert }),
      },
      async (_a, _r, _p, profile) => ({ id: profile.id }),
    );
    const app = loginApp(strategy);
    const authorizeURL = await startLogin(app.agent);
    while (accepted.length < 1) await once(front, "connection");
    const state = authorizeURL.searchParams.get("state") ?? "";
    const login = await app.agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${encodeURIComponent(state)}`);
    expect(login.status).to.equal(200);
    expect(login.body).to.deep.equal({ user: { id: MEMBER_ID } });
    expect(tokenRequests).to.deep.equal(["POST /oauth/token"]);
    expect(accepted).to.have.length(2);
  });
});
