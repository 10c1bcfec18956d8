import { expect } from "chai";
import nock from "nock";
import { AttioError, AttioRequestError, AttioStrategy, checkAccessToken, MAX_RESPONSE_BYTES, refreshAccessToken } from "../src";
import { parseRetryAfter } from "../src/attio/responses";
import { API_ORIGIN, isolateNetwork, mockSelf } from "./helpers/attio";
import { ACCESS_TOKEN, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, selfBody } from "./helpers/fixtures";
import { expectNoSecrets } from "./helpers/secrets";
import { LocalServer, localServer, stallingServer } from "./helpers/servers";

function strategyAt(url: string, timeout = 300): AttioStrategy {
  return new AttioStrategy(
    { clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, callbackURL: CALLBACK_URL, apiURL: url, tokenURL: `${url}/oauth/token`, timeout },
    async () => false,
  );
}

async function rejection(promise: Promise<unknown>): Promise<AttioRequestError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(AttioRequestError);
    expectNoSecrets((err as Error).message, ["refresh-token-SECRET"]);
    return err as AttioRequestError;
  }
  throw new Error("expected a rejection");
}

describe("requests to Attio", () => {
  isolateNetwork();
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("gives up on a stalled API after the timeout", async () => {
    server = await stallingServer();
    const error = await rejection(checkAccessToken(strategyAt(server.url, 150), ACCESS_TOKEN));
    expect(error).to.include({
      code: "ATTIO_TIMEOUT",
      message: "Attio's /v2/self endpoint did not answer within 150 ms.",
      status: undefined,
    });
    expect(error).to.be.instanceOf(AttioError);
  });

  it("gives up on a stalled token endpoint after the timeout", async () => {
    server = await stallingServer();
    const error = await rejection(refreshAccessToken(strategyAt(server.url, 150), "refresh-token-SECRET"));
    expect(error).to.include({ code: "ATTIO_TIMEOUT", message: "Attio's token endpoint did not answer within 150 ms." });
  });

  it("gives up on a body that starts and then stalls", async () => {
    server = await localServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"active": tr');
    });
    expect((await rejection(checkAccessToken(strategyAt(server.url, 150), ACCESS_TOKEN))).code).to.equal("ATTIO_TIMEOUT");
  });

  it("reports a connection reset", async () => {
    server = await localServer((req) => req.socket.destroy());
    const error = await rejection(checkAccessToken(strategyAt(server.url), ACCESS_TOKEN));
    expect(error.code).to.equal("ATTIO_NETWORK_ERROR");
    expect(error.message).to.match(/^Could not reach Attio's \/v2\/self endpoint( \([A-Z_]+\))?\.$/);
  });

  it("refuses a body larger than the cap, whether or not its length is declared", async () => {
    const big = "x".repeat(MAX_RESPONSE_BYTES + 1);
    for (const chunked of [false, true]) {
      server = await localServer((_req, res) => {
        res.writeHead(200, chunked ? { "content-type": "application/json" } : { "content-length": String(big.length) });
        res.end(big);
      });
      const error = await rejection(checkAccessToken(strategyAt(server.url, 5000), ACCESS_TOKEN));
      expect(error.code).to.equal("ATTIO_RESPONSE_TOO_LARGE");
      await server.close();
    }
    server = undefined;
  });

  it("does not follow redirects (a token must not travel to another host)", async () => {
    server = await localServer((_req, res) => {
      res.writeHead(302, { location: "https://elsewhere.example.com/v2/self" });
      res.end();
    });
    const error = await rejection(checkAccessToken(strategyAt(server.url), ACCESS_TOKEN));
    expect(error).to.include({ code: "ATTIO_HTTP_ERROR", status: 302 });
  });

  describe("rate limits", () => {
    it("retries once after Retry-After in seconds when it fits in the timeout", async () => {
      nock(API_ORIGIN)
        .get("/v2/self")
        .reply(429, { status_code: 429, type: "rate_limit_error", code: "rate_limit", message: "Slow down" }, { "retry-after": "0" });
      mockSelf();
      const status = await checkAccessToken(strategyAt(API_ORIGIN, 2000), ACCESS_TOKEN);
      expect(status.active).to.equal(true);
    });

    it("retries once after Retry-After as an HTTP-date", async () => {
      nock(API_ORIGIN)
        .get("/v2/self")
        .reply(429, "", { "retry-after": new Date(Date.now()).toUTCString() });
      mockSelf();
      expect((await checkAccessToken(strategyAt(API_ORIGIN, 3000), ACCESS_TOKEN)).active).to.equal(true);
    });

    it("does not retry twice", async () => {
      nock(API_ORIGIN).get("/v2/self").twice().reply(429, { message: "Slow down" }, { "retry-after": "0" });
      const error = await rejection(checkAccessToken(strategyAt(API_ORIGIN, 2000), ACCESS_TOKEN));
      expect(error).to.include({ code: "ATTIO_RATE_LIMITED", status: 429, retryAfterMs: 0 });
      expect(error.message).to.equal("Attio's /v2/self endpoint is rate limiting requests (HTTP 429): Slow down");
    });

    it("fails at once when Retry-After is past the timeout", async () => {
      nock(API_ORIGIN)
        .get("/v2/self")
        .reply(429, { status_code: 429, type: "rate_limit_error", code: "rate_limit", message: "Slow down" }, { "retry-after": "30" });
      const error = await rejection(checkAccessToken(strategyAt(API_ORIGIN, 1000), ACCESS_TOKEN));
      expect(error).to.include({ code: "ATTIO_RATE_LIMITED", status: 429, retryAfterMs: 30000 });
      expect(error.attio).to.deep.equal({ statusCode: 429, type: "rate_limit_error", code: "rate_limit", message: "Slow down" });
      expect(error.message).to.match(/it asked to retry after 30000 ms, past this request's timeout\.$/);
    });

    it("reads Retry-After as seconds or an HTTP-date", () => {
      const now = Date.parse("Tue, 23 May 2023 14:42:00 GMT");
      expect(parseRetryAfter("Tue, 23 May 2023 14:42:01 GMT", now)).to.equal(1000);
      expect(parseRetryAfter("Tue, 23 May 2023 14:41:00 GMT", now)).to.equal(0);
      expect(parseRetryAfter("2", now)).to.equal(2000);
      expect(parseRetryAfter("soon", now)).to.equal(undefined);
      expect(parseRetryAfter(null, now)).to.equal(undefined);
      expect(parseRetryAfter(" ", now)).to.equal(undefined);
    });
  });

  it("never echoes a token that Attio puts in an error message", async () => {
    mockSelf({ message: `Token ${ACCESS_TOKEN} is malformed\n\u0000`, status_code: 400 }, 400);
    const error = await rejection(checkAccessToken(strategyAt(API_ORIGIN), ACCESS_TOKEN));
    expect(error.message).to.equal("Attio's /v2/self endpoint answered HTTP 400: Token [redacted] is malformed  ");
  });

  it("caps a long error message from Attio", async () => {
    mockSelf({ message: "e".repeat(5000) }, 503);
    const error = await rejection(checkAccessToken(strategyAt(API_ORIGIN), ACCESS_TOKEN));
    expect(error.message.length).to.be.lessThan(400);
    expect(error.message.endsWith("…")).to.equal(true);
  });

  it("describes a non-JSON success body by its content type", async () => {
    nock(API_ORIGIN).get("/v2/self").reply(200, "<html>maintenance</html>", { "content-type": "text/html; charset=utf-8" });
    const error = await rejection(checkAccessToken(strategyAt(API_ORIGIN), ACCESS_TOKEN));
    expect(error).to.include({ code: "ATTIO_RESPONSE_NOT_JSON", status: 200 });
    expect(error.message).to.equal("Attio's /v2/self endpoint answered HTTP 200 with a body that is not JSON (text/html; charset=utf-8).");
  });

  it("reports a JSON body of the wrong kind", async () => {
    for (const body of ["[]", "null", '"active"']) {
      nock(API_ORIGIN).get("/v2/self").reply(200, body, { "content-type": "application/json" });
      expect((await rejection(checkAccessToken(strategyAt(API_ORIGIN), ACCESS_TOKEN))).code).to.equal("ATTIO_RESPONSE_INVALID");
    }
  });

  it("sends the token only in the Authorization header", async () => {
    let seen = "";
    server = await localServer((req, res) => {
      seen = `${req.url} ${req.headers.authorization}`;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(selfBody()));
    });
    await checkAccessToken(strategyAt(server.url), ACCESS_TOKEN);
    expect(seen).to.equal(`/v2/self Bearer ${ACCESS_TOKEN}`);
  });
});
