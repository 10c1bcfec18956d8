import { expect } from "chai";
import nock from "nock";
import { AttioGrantError, AttioStrategy, checkAccessToken, refreshAccessToken, TokenError } from "../src";
import { isolateNetwork, mockSelf, mockToken } from "./helpers/attio";
import { ACCESS_TOKEN, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, selfBody, WORKSPACE_ID } from "../harness/fixtures";

const REFRESH_TOKEN = "refresh-token-0123456789";

function strategy(): AttioStrategy {
  return new AttioStrategy({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, callbackURL: CALLBACK_URL }, async () => false);
}

describe("refreshAccessToken", () => {
  isolateNetwork();

  it("posts a standard refresh_token grant with the client credentials in the body", async () => {
    let body: Record<string, string> = {};
    mockToken(
      {
        body: {
          access_token: "new-access",
          token_type: "Bearer",
          refresh_token: "new-refresh",
          expires_in: 3600,
          scope: "note:read task:read",
        },
      },
      (sent) => (body = sent),
    );
    const before = Date.now();
    const tokens = await refreshAccessToken(strategy(), REFRESH_TOKEN);
    expect(body).to.deep.equal({
      grant_type: "refresh_token",
      refresh_token: REFRESH_TOKEN,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(tokens).to.deep.include({ accessToken: "new-access", refreshToken: "new-refresh", scopes: ["note:read", "task:read"] });
    expect(tokens.expiresAt?.getTime()).to.be.within(before + 3_600_000, Date.now() + 3_600_000);
    expect(tokens.raw).to.deep.include({ expires_in: 3600 });
  });

  it("keeps the old refresh token when the response has none, with unknown expiry and scopes", async () => {
    mockToken({ body: { access_token: "new-access", token_type: "Bearer" } });
    const tokens = await refreshAccessToken(strategy(), REFRESH_TOKEN);
    expect(tokens).to.deep.include({ accessToken: "new-access", refreshToken: REFRESH_TOKEN, expiresAt: null, scopes: null });
  });

  it("shares one request between concurrent calls with the same refresh token", async () => {
    const scope = mockToken({ body: { access_token: "shared", token_type: "Bearer" } });
    const target = strategy();
    const results = await Promise.all([refreshAccessToken(target, REFRESH_TOKEN), refreshAccessToken(target, REFRESH_TOKEN)]);
    expect(results.map((r) => r.accessToken)).to.deep.equal(["shared", "shared"]);
    expect(scope.isDone()).to.equal(true);
    // Once settled, the next call asks again.
    mockToken({ body: { access_token: "second", token_type: "Bearer" } });
    expect((await refreshAccessToken(target, REFRESH_TOKEN)).accessToken).to.equal("second");
  });

  it("asks the user to authorise again on invalid_grant", async () => {
    mockToken({ status: 400, body: { error: "invalid_grant", error_description: "Refresh token revoked" } });
    const error = await refreshAccessToken(strategy(), REFRESH_TOKEN).catch((err: unknown) => err);
    expect(error).to.be.instanceOf(AttioGrantError);
    expect(error).to.include({ code: "ATTIO_REAUTHORIZATION_REQUIRED", status: 400, name: "AttioGrantError" });
    expect((error as Error).cause).to.be.instanceOf(TokenError);
  });

  it("passes other OAuth errors through as TokenError", async () => {
    mockToken({ status: 401, body: { error: "invalid_client" } });
    const error = await refreshAccessToken(strategy(), REFRESH_TOKEN).catch((err: unknown) => err);
    expect(error).to.be.instanceOf(TokenError);
    expect(error).to.include({ code: "invalid_client", status: 401 });
  });

  it("rejects at once, without a request, when there is no refresh token (Attio's case today)", async () => {
    for (const missing of [undefined, null, ""]) {
      const error = await refreshAccessToken(strategy(), missing).catch((err: unknown) => err);
      expect(error).to.be.instanceOf(AttioGrantError);
      expect(error).to.include({ code: "ATTIO_NO_REFRESH_TOKEN" });
      expect((error as Error).message)
        .to.include("Attio's access tokens do not expire")
        .and.include("checkAccessToken()");
    }
    expect(nock.pendingMocks()).to.deep.equal([]);
  });

  it("refuses an object that is not an AttioStrategy", async () => {
    const error = await refreshAccessToken({} as AttioStrategy, REFRESH_TOKEN).catch((err: unknown) => err);
    expect((error as Error).message).to.equal("Expected an AttioStrategy instance.");
  });
});

describe("checkAccessToken", () => {
  isolateNetwork();

  it("reports an active token's scopes, workspace and (absent) expiry", async () => {
    mockSelf();
    expect(await checkAccessToken(strategy(), ACCESS_TOKEN)).to.deep.equal({
      active: true,
      scopes: ["record_permission:read", "user_management:read"],
      workspaceId: WORKSPACE_ID,
      expiresAt: null,
    });
  });

  it("reports expiry when Attio starts sending one, and tolerates missing fields", async () => {
    mockSelf({ active: true, exp: 1800000000 });
    expect(await checkAccessToken(strategy(), ACCESS_TOKEN)).to.deep.equal({
      active: true,
      scopes: [],
      workspaceId: null,
      expiresAt: new Date(1800000000 * 1000),
    });
  });

  it("resolves inactive for {active:false} and for a 401, rather than throwing", async () => {
    mockSelf({ active: false });
    expect((await checkAccessToken(strategy(), ACCESS_TOKEN)).active).to.equal(false);
    mockSelf("", 401);
    expect(await checkAccessToken(strategy(), ACCESS_TOKEN)).to.deep.equal({
      active: false,
      scopes: [],
      workspaceId: null,
      expiresAt: null,
    });
  });

  it("resolves inactive for an empty token without asking Attio", async () => {
    expect((await checkAccessToken(strategy(), "")).active).to.equal(false);
  });

  it("rejects on a fault", async () => {
    mockSelf(selfBody(), 503);
    const error = await checkAccessToken(strategy(), ACCESS_TOKEN).catch((err: unknown) => err);
    expect(error).to.include({ code: "ATTIO_HTTP_ERROR", status: 503 });
  });
});
