/**
 * Endpoint URLs as an app may configure them (a gateway's base path, a port, an
 * IPv6 literal host, credentials in the URL): each request goes where the URL
 * says, as node's client would take that URL apart, against the Attio sandbox.
 */
import { expect } from "chai";
import { AttioStrategy, checkAccessToken, refreshAccessToken, revokeAccessToken } from "../../src";
import { AttioSandbox, startAttioSandbox } from "../../src/testing";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../../harness/fixtures";

const REFRESH_TOKEN = "refresh-token-SECRET-0001";
const TOKEN_BODY = JSON.stringify({ access_token: "new-access-token-0001", token_type: "Bearer" });

/** A token check, a refresh and a revoke, through `base` (the sandbox's token and API URLs rewritten). */
async function useEndpoints(sandbox: AttioSandbox, base: (url: string) => string): Promise<void> {
  const options = sandbox.strategyOptions();
  const strategy = new AttioStrategy(
    {
      ...options,
      callbackURL: CALLBACK_URL,
      tokenURL: base(options.tokenURL),
      apiURL: base(options.apiURL),
    },
    async () => false,
  );
  const token = sandbox.issueToken();
  expect(await checkAccessToken(strategy, token)).to.include({ active: true });
  sandbox.failNext("token", { respond: { status: 200, body: TOKEN_BODY } });
  expect((await refreshAccessToken(strategy, REFRESH_TOKEN)).accessToken).to.equal("new-access-token-0001");
  await revokeAccessToken(strategy, token);
}

/** Method, path and Host of each request the sandbox received, and the Basic credentials the token request carried. */
function seen(sandbox: AttioSandbox): { requests: string[]; basic: string | undefined } {
  const requests = sandbox.received().map((r) => `${r.method} ${r.url} ${r.headers["host"] ?? ""}`);
  const authorization = sandbox.received("token")[0]?.headers["authorization"];
  const basic = typeof authorization === "string" ? Buffer.from(authorization.replace(/^Basic /, ""), "base64").toString() : undefined;
  return { requests, basic };
}

describe("endpoint URLs with a base path, a port, an IPv6 host or credentials", () => {
  it("sends every request under a gateway's base path, with credentials from the URL decoded as node decodes them", async () => {
    const sandbox = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, basePath: "/gw/attio" });
    try {
      // The URLs already name the base path; credentials go in front of the host.
      await useEndpoints(sandbox, (url) => url.replace("http://", "http://us%40er:p%3Ass@"));
      const host = new URL(sandbox.url).host;
      expect(seen(sandbox)).to.deep.equal({
        requests: [`GET /gw/attio/v2/self ${host}`, `POST /gw/attio/oauth/token ${host}`, `POST /gw/attio/oauth/revoke ${host}`],
        basic: "us@er:p:ss",
      });
    } finally {
      await sandbox.close();
    }
  });

  it("reaches an IPv6 literal host and its port, and names it in brackets in the Host header", async function () {
    const sandbox = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, host: "::1" }).catch(() => undefined);
    // A machine without IPv6 loopback cannot run this case.
    if (!sandbox) return this.skip();
    try {
      await useEndpoints(sandbox, (url) => url);
      const host = new URL(sandbox.url).host;
      expect(host).to.match(/^\[::1\]:\d+$/);
      expect(seen(sandbox)).to.deep.equal({
        requests: [`GET /v2/self ${host}`, `POST /oauth/token ${host}`, `POST /oauth/revoke ${host}`],
        basic: undefined,
      });
    } finally {
      await sandbox.close();
    }
  });
});
