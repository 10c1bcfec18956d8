/**
 * When Attio misbehaves: the sandbox fails on demand and the example app must
 * end every sign-in on a page that explains it, with the strategy's error code.
 */
import { expect } from "chai";
import { BrowserClient, Page, pageText } from "../helpers/browser-client";
import { decide, openConsent, RunningExample, SANDBOX_CLIENT_ID, signIn, startExample } from "../helpers/example";
import type { SandboxEndpoint, SandboxFault } from "../../src/testing";

const attioError = (status: number, code: string) =>
  JSON.stringify({ status_code: status, type: "invalid_request_error", code, message: `Sandbox says ${code}` });

describe("example app: Attio faults", () => {
  let example: RunningExample;
  let client: BrowserClient;

  beforeEach(async () => {
    example = await startExample();
    client = new BrowserClient();
  });
  afterEach(async () => example.close());

  /** Signs in with one fault queued, and returns the page the browser ends on. */
  async function signInWith(endpoint: SandboxEndpoint, fault: SandboxFault, times = 1): Promise<Page> {
    const consent = await openConsent(client, example.appUrl);
    example.sandbox.failNext(endpoint, fault, times);
    return decide(client, consent);
  }

  function expectFailure(page: Page, kind: string, code: string): void {
    expect(page.url).to.equal(`${example.appUrl}/auth/failed`);
    expect(page.body).to.include(`data-failure="${kind}"`);
    expect(pageText(page.body)).to.include(code);
    expect(page.body).not.to.match(/\bat .+\.(ts|js):\d+/);
  }

  it("a token endpoint answering 500 with an Attio error body", async () => {
    const page = await signInWith("token", { respond: { status: 500, body: attioError(500, "internal") } });
    expectFailure(page, "attio", "ATTIO_HTTP_ERROR");
    expect(pageText(page.body)).to.include("Sandbox says internal");
  });

  it("a token endpoint answering HTML", async () => {
    const page = await signInWith("token", {
      respond: { status: 200, body: "<html>maintenance</html>", headers: { "content-type": "text/html" } },
    });
    expectFailure(page, "attio", "ATTIO_RESPONSE_NOT_JSON");
  });

  it("a token endpoint answering more than the size cap", async () => {
    const page = await signInWith("token", { respond: { status: 200, body: `{"access_token":"${"a".repeat(1_100_000)}"}` } });
    expectFailure(page, "attio", "ATTIO_RESPONSE_TOO_LARGE");
  });

  it("a token endpoint dropping the connection", async () => {
    expectFailure(await signInWith("token", { reset: true }), "attio", "ATTIO_NETWORK_ERROR");
  });

  it("a token endpoint that never answers fails after the strategy's timeout", async () => {
    await example.close();
    // A short timeout keeps this case quick.
    example = await startExample({ timeout: 300 });
    expectFailure(await signInWith("token", { stall: true }), "attio", "ATTIO_TIMEOUT");
  });

  it("/v2/self saying the new token is inactive", async () => {
    const page = await signInWith("self", { respond: { status: 200, body: '{"active":false}' } });
    expectFailure(page, "token", "ATTIO_TOKEN_INACTIVE");
    expect(pageText(page.body)).to.include("inactive");
  });

  it("/v2/self naming another app's client id", async () => {
    const body = JSON.stringify({
      active: true,
      scope: "record_permission:read user_management:read",
      client_id: "someone-else",
      workspace_id: "w",
    });
    expectFailure(await signInWith("self", { respond: { status: 200, body } }), "token", "ATTIO_WRONG_CLIENT");
  });

  it("/v2/self without a workspace", async () => {
    const body = JSON.stringify({ active: true, client_id: SANDBOX_CLIENT_ID, scope: "record_permission:read user_management:read" });
    expectFailure(await signInWith("self", { respond: { status: 200, body } }), "token", "ATTIO_NO_WORKSPACE");
  });

  it("/v2/self naming no app at all", async () => {
    const body = JSON.stringify({ active: true, scope: "record_permission:read user_management:read", workspace_id: "w" });
    expectFailure(await signInWith("self", { respond: { status: 200, body } }), "token", "ATTIO_NO_CLIENT");
  });

  it("/v2/self rate limited once: the strategy waits as told (an HTTP-date) and signs in", async () => {
    const retryAfter = new Date(Date.now() - 1000).toUTCString();
    const page = await signInWith("self", {
      respond: { status: 429, body: attioError(429, "rate_limit"), headers: { "retry-after": retryAfter } },
    });
    expect(page.url).to.equal(`${example.appUrl}/profile`);
    expect(example.sandbox.stats.requests.self).to.equal(2);
  });

  it("/v2/self rate limited twice", async () => {
    const fault = { respond: { status: 429, body: attioError(429, "rate_limit"), headers: { "retry-after": "0" } } };
    expectFailure(await signInWith("self", fault, 2), "attio", "ATTIO_RATE_LIMITED");
  });

  it("the member endpoint answering 404 leaves a workspace-only profile", async () => {
    const page = await signInWith("member", { respond: { status: 404, body: attioError(404, "not_found") } });
    expect(page.url).to.equal(`${example.appUrl}/profile`);
    expect(pageText(page.body)).to.include("Northwind Trading").and.include("did not share who approved the app");
  });

  it("the member endpoint answering 500", async () => {
    expectFailure(await signInWith("member", { respond: { status: 500, body: attioError(500, "internal") } }), "attio", "ATTIO_HTTP_ERROR");
  });

  it("Check token when Attio fails: a notice, not an error page", async () => {
    await signIn(client, example.appUrl);
    example.sandbox.failNext("self", { respond: { status: 503, body: attioError(503, "unavailable") } });
    const page = await client.post(`${example.appUrl}/token/check`);
    expect(page.url).to.equal(`${example.appUrl}/profile`);
    expect(pageText(page.body)).to.include("Could not check the token").and.include("ATTIO_HTTP_ERROR");
  });
});
