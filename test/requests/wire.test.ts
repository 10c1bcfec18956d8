/**
 * The HTTP layer on the wire, against the Attio sandbox on 127.0.0.1: what a
 * request carries, deadlines, size caps, resets, redirects and a 429 waited out.
 */
import { expect } from "chai";
import { gzipSync } from "node:zlib";
import { AttioError, AttioRequestError, AttioStrategy, checkAccessToken, MAX_RESPONSE_BYTES, refreshAccessToken } from "../../src";
import { AttioSandbox, SandboxFault, startAttioSandbox } from "../../src/testing";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, selfBody } from "../../harness/fixtures";
import { expectNoSecrets } from "../helpers/secrets";

const REFRESH_TOKEN = "refresh-token-SECRET-0001";

describe("requests to Attio over the wire", () => {
  let sandbox: AttioSandbox;
  let token: string;
  before(async () => (sandbox = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET })));
  beforeEach(() => {
    sandbox.resetStats();
    token = sandbox.issueToken();
  });
  after(() => sandbox.close());

  function strategy(timeout = 2000, extra: Record<string, unknown> = {}): AttioStrategy {
    return new AttioStrategy({ ...sandbox.strategyOptions(), callbackURL: CALLBACK_URL, timeout, ...extra }, async () => false);
  }

  async function rejection(promise: Promise<unknown>): Promise<AttioRequestError> {
    const outcome = await promise.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(outcome).to.be.instanceOf(AttioRequestError).and.instanceOf(AttioError);
    expectNoSecrets((outcome as Error).message, [token, REFRESH_TOKEN, CLIENT_SECRET]);
    return outcome as AttioRequestError;
  }

  /** The error of a token check whose /v2/self misbehaves once, as `fault` says. */
  function selfFailing(fault: SandboxFault, timeout = 2000): Promise<AttioRequestError> {
    sandbox.failNext("self", fault);
    return rejection(checkAccessToken(strategy(timeout), token));
  }

  it("sends the bearer token in a header, never in the URL", async () => {
    expect(await checkAccessToken(strategy(), token)).to.include({ active: true });
    const [seen] = sandbox.received("self");
    expect(seen).to.deep.include({ method: "GET", url: "/v2/self" });
    expect(seen?.headers["authorization"]).to.equal(`Bearer ${token}`);
  });

  it("posts the token request as a form with its length", async () => {
    const body = JSON.stringify({ access_token: "new-access-token-0001", token_type: "Bearer" });
    sandbox.failNext("token", { respond: { status: 200, body } });
    const tokens = await refreshAccessToken(strategy(), REFRESH_TOKEN);
    expect(tokens.accessToken).to.equal("new-access-token-0001");
    const [seen] = sandbox.received("token");
    expect(Object.fromEntries(new URLSearchParams(seen?.body))).to.deep.equal({
      grant_type: "refresh_token",
      refresh_token: REFRESH_TOKEN,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(seen?.headers["content-type"]).to.equal("application/x-www-form-urlencoded");
    expect(Number(seen?.headers["content-length"])).to.equal(Buffer.byteLength(seen?.body ?? ""));
  });

  it("writes the form byte for byte as URLSearchParams does, whatever the secrets hold", async () => {
    const awkward = "a+b/c=d~e!f%g&h i\"j'k(l)m*n<o>p\u00e9\u20ac\ud834\udd1e\ud800-._";
    const withSecret = new AttioStrategy(
      { ...sandbox.strategyOptions(), clientSecret: awkward, callbackURL: CALLBACK_URL, timeout: 2000 },
      async () => false,
    );
    sandbox.failNext("token", {
      respond: { status: 200, body: JSON.stringify({ access_token: "new-access-token-0002", token_type: "Bearer" }) },
    });
    await refreshAccessToken(withSecret, awkward);
    const [seen] = sandbox.received("token");
    const expected = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: awkward,
      client_id: CLIENT_ID,
      client_secret: awkward,
    });
    expect(seen?.body).to.equal(expected.toString());
  });

  it("reads a body the server compressed without being asked", async () => {
    const body = gzipSync(JSON.stringify(selfBody()));
    sandbox.failNext("self", { respond: { status: 200, body, headers: { "content-encoding": "gzip" } } });
    expect(await checkAccessToken(strategy(), token)).to.include({ active: true });
    expect(sandbox.received("self")[0]?.headers["accept-encoding"]).to.equal(undefined);
  });

  it("gives up on an API or a token endpoint that never answers, once the timeout passes", async () => {
    expect(await selfFailing({ stall: true }, 150)).to.include({
      code: "ATTIO_TIMEOUT",
      message: "Attio's /v2/self endpoint did not answer within 150 ms.",
      status: undefined,
    });
    sandbox.failNext("token", { stall: true });
    expect(await rejection(refreshAccessToken(strategy(150), REFRESH_TOKEN))).to.include({
      code: "ATTIO_TIMEOUT",
      message: "Attio's token endpoint did not answer within 150 ms.",
    });
  });

  it("counts the body against the timeout too: a body that stalls or drips", async () => {
    expect((await selfFailing({ stall: "mid-body" }, 150)).code).to.equal("ATTIO_TIMEOUT");
    expect((await selfFailing({ dripMs: 20 }, 150)).code).to.equal("ATTIO_TIMEOUT");
  });

  it("refuses a body over the cap: declared (without reading it), streamed without a length, or inflated", async () => {
    expect(50 * 1024 * 1024).to.be.above(MAX_RESPONSE_BYTES);
    for (const oversized of ["declared", "chunked", "gzip-bomb"] as const) {
      expect((await selfFailing({ oversized })).code, oversized).to.equal("ATTIO_RESPONSE_TOO_LARGE");
    }
    const big = "x".repeat(MAX_RESPONSE_BYTES + 1);
    expect((await selfFailing({ respond: { status: 200, body: big } })).code).to.equal("ATTIO_RESPONSE_TOO_LARGE");
  });

  it("reports a reset, before or in the middle of the body, as a network error that names no secret", async () => {
    expect(await selfFailing({ reset: "mid-body" })).to.include({
      code: "ATTIO_NETWORK_ERROR",
      message: "Could not reach Attio's /v2/self endpoint (ECONNRESET).",
    });
    const early = await selfFailing({ reset: true });
    expect(early.code).to.equal("ATTIO_NETWORK_ERROR");
    expect(early.message).to.match(/^Could not reach Attio's \/v2\/self endpoint( \([A-Z_]+\))?\.$/);
  });

  it("turns a request node refuses to send into a typed error", async () => {
    const err = await rejection(refreshAccessToken(strategy(2000, { customHeaders: { "x-trace": "a\nb" } }), REFRESH_TOKEN));
    expect(err).to.include({ code: "ATTIO_NETWORK_ERROR", message: "Could not reach Attio's token endpoint (ERR_INVALID_CHAR)." });
    expect(sandbox.stats.requests.token).to.equal(0);
  });

  it("does not follow redirects (a token must not travel to another host)", async () => {
    const err = await selfFailing({ respond: { status: 302, body: "", headers: { location: `${sandbox.url}/elsewhere` } } });
    expect(err).to.include({ code: "ATTIO_HTTP_ERROR", status: 302 });
    expect(sandbox.stats.requests).to.include({ self: 1, other: 0 });
  });

  it("waits out a 429 whose Retry-After fits in the timeout, then asks again", async () => {
    const body = JSON.stringify({ status_code: 429, type: "rate_limit_error", code: "rate_limit", message: "Slow down." });
    sandbox.failNext("self", { respond: { status: 429, body, headers: { "retry-after": "0" } } });
    expect((await checkAccessToken(strategy(), token)).active).to.equal(true);
    expect(sandbox.stats.requests.self).to.equal(2);
  });
});
