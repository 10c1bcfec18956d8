import { expect } from "chai";
import nock from "nock";
import { AttioRequestError, AttioStrategy, checkAccessToken } from "../../src";
import { parseRetryAfter } from "../../src/attio/responses";
import { API_ORIGIN, isolateNetwork, mockSelf } from "../helpers/attio";
import { ACCESS_TOKEN, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../../harness/fixtures";
import { expectNoSecrets } from "../helpers/secrets";

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

/** Attio's answers, one request at a time (nock): rate limits, error bodies, bodies of the wrong kind. */
describe("requests to Attio: the answers", () => {
  isolateNetwork();

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
});
