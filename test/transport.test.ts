import { expect } from "chai";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { AttioError, AttioStrategy, checkAccessToken, MAX_RESPONSE_BYTES, refreshAccessToken } from "../src";
import { ACCESS_TOKEN, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, selfBody } from "./helpers/fixtures";

/** The HTTP layer against a real server on 127.0.0.1: deadlines, size caps, resets, redirects. */
describe("requests to Attio over the wire", () => {
  let server: http.Server;
  let origin: string;
  let handler: http.RequestListener = () => undefined;
  const sockets = new Set<Socket>();

  before(async () => {
    server = http.createServer((req, res) => handler(req, res));
    server.on("connection", (socket: Socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const socket of sockets) socket.destroy();
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  function strategy(timeout = 2000): AttioStrategy {
    return new AttioStrategy(
      {
        clientID: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        callbackURL: CALLBACK_URL,
        apiURL: origin,
        tokenURL: `${origin}/oauth/token`,
        timeout,
      },
      async () => false,
    );
  }

  function replyJson(res: http.ServerResponse, body: unknown, status = 200, headers: http.OutgoingHttpHeaders = {}): void {
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  }

  async function rejection(promise: Promise<unknown>): Promise<AttioError> {
    const outcome = await promise.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(outcome).to.be.instanceOf(AttioError);
    return outcome as AttioError;
  }

  it("sends the bearer token in a header, never in the URL", async () => {
    const seen: { url: string | undefined; authorization: string | undefined }[] = [];
    handler = (req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      replyJson(res, selfBody());
    };
    const status = await checkAccessToken(strategy(), ACCESS_TOKEN);
    expect(status).to.include({ active: true });
    expect(seen).to.deep.equal([{ url: "/v2/self", authorization: `Bearer ${ACCESS_TOKEN}` }]);
  });

  it("posts the token request as a form with its length", async () => {
    let form = "";
    let length = "";
    handler = (req, res) => {
      length = req.headers["content-length"] ?? "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (form += chunk));
      req.on("end", () => replyJson(res, { access_token: "new-access-token-0001", token_type: "Bearer" }));
    };
    const tokens = await refreshAccessToken(strategy(), "refresh-token-0001");
    expect(tokens.accessToken).to.equal("new-access-token-0001");
    expect(Object.fromEntries(new URLSearchParams(form))).to.deep.equal({
      grant_type: "refresh_token",
      refresh_token: "refresh-token-0001",
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(Number(length)).to.equal(Buffer.byteLength(form));
  });

  it("reads a body the server compressed without being asked", async () => {
    let acceptEncoding: string | undefined = "unread";
    handler = (req, res) => {
      acceptEncoding = req.headers["accept-encoding"];
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync(JSON.stringify(selfBody())));
    };
    const status = await checkAccessToken(strategy(), ACCESS_TOKEN);
    expect(status).to.include({ active: true });
    expect(acceptEncoding).to.equal(undefined);
  });

  it("gives up on an endpoint that never answers once the timeout passes", async () => {
    handler = () => undefined;
    const started = Date.now();
    const err = await rejection(checkAccessToken(strategy(150), ACCESS_TOKEN));
    expect(err.code).to.equal("ATTIO_TIMEOUT");
    expect(err.message).to.equal("Attio's /v2/self endpoint did not answer within 150 ms.");
    expect(Date.now() - started).to.be.below(1500);
  });

  it("counts the body against the timeout too", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"active":');
    };
    const err = await rejection(checkAccessToken(strategy(150), ACCESS_TOKEN));
    expect(err.code).to.equal("ATTIO_TIMEOUT");
  });

  it("refuses a body whose declared length is over the cap without reading it", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(MAX_RESPONSE_BYTES + 1) });
      res.write("{");
    };
    const err = await rejection(checkAccessToken(strategy(), ACCESS_TOKEN));
    expect(err.code).to.equal("ATTIO_RESPONSE_TOO_LARGE");
  });

  it("stops reading a body without a length once it passes the cap", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = "x".repeat(64 * 1024);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      res.on("error", () => undefined);
      pump();
    };
    const err = await rejection(checkAccessToken(strategy(), ACCESS_TOKEN));
    expect(err.code).to.equal("ATTIO_RESPONSE_TOO_LARGE");
  });

  it("reports a connection reset mid-body as a network error that names no secret", async () => {
    handler = (req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"active":true,');
      setTimeout(() => req.socket.destroy(), 10);
    };
    const err = await rejection(checkAccessToken(strategy(), ACCESS_TOKEN));
    expect(err.code).to.equal("ATTIO_NETWORK_ERROR");
    expect(err.message).to.equal("Could not reach Attio's /v2/self endpoint (ECONNRESET).");
  });

  it("turns a request node refuses to send into a typed error", async () => {
    const attio = new AttioStrategy(
      {
        clientID: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        callbackURL: CALLBACK_URL,
        tokenURL: `${origin}/oauth/token`,
        customHeaders: { "x-trace": "a\nb" },
      },
      async () => false,
    );
    const err = await rejection(refreshAccessToken(attio, "refresh-token-0001"));
    expect(err.code).to.equal("ATTIO_NETWORK_ERROR");
    expect(err.message).to.equal("Could not reach Attio's token endpoint (ERR_INVALID_CHAR).");
  });

  it("does not follow redirects", async () => {
    const paths: string[] = [];
    handler = (req, res) => {
      paths.push(req.url ?? "");
      res.writeHead(302, { location: `${origin}/elsewhere` }).end();
    };
    const err = await rejection(checkAccessToken(strategy(), ACCESS_TOKEN));
    expect(err).to.include({ code: "ATTIO_HTTP_ERROR", status: 302 });
    expect(paths).to.deep.equal(["/v2/self"]);
  });

  it("waits out a 429 whose Retry-After fits in the timeout, then asks again", async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      if (calls === 1)
        return replyJson(res, { status_code: 429, type: "rate_limit_error", code: "rate_limit", message: "Slow down." }, 429, {
          "retry-after": "0",
        });
      replyJson(res, selfBody());
    };
    const status = await checkAccessToken(strategy(), ACCESS_TOKEN);
    expect(status.active).to.equal(true);
    expect(calls).to.equal(2);
  });
});
