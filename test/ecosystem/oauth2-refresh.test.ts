/** passport-oauth2-refresh drives the packed strategy's own token request: same body, same timeout. */
import { expect } from "chai";
import type refreshModule from "passport-oauth2-refresh";
import type { AttioStrategyOptions } from "passport-attio";
import { AttioSandbox, startAttioSandbox } from "../../src/testing";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../../harness/fixtures";
import { useConsumer } from "../helpers/packed";
import { connectWorkspace } from "../../harness/sandbox-grant";

type Refresh = typeof refreshModule;
interface Outcome {
  readonly err: unknown;
  readonly accessToken: string | undefined;
  readonly refreshToken: string | undefined;
  readonly params: unknown;
}

describe("ecosystem: passport-oauth2-refresh", function () {
  this.timeout(20_000);
  const consumer = useConsumer();
  let refresh: Refresh;

  before(() => {
    // A registry of its own, as the module's default instance is shared process-wide.
    const { AuthTokenRefresh } = consumer().require<Refresh & { AuthTokenRefresh: new () => Refresh }>("passport-oauth2-refresh");
    refresh = new AuthTokenRefresh();
  });

  function register(attio: AttioSandbox, extra: Partial<AttioStrategyOptions> = {}): void {
    const { AttioStrategy } = consumer().attio();
    refresh.use(new AttioStrategy({ ...attio.strategyOptions(CALLBACK_URL), callbackURL: CALLBACK_URL, ...extra }, async () => false));
  }

  /** A sandbox that plays an Attio with expiring tokens, and a refresh token from a real approval there. */
  async function refreshingAttio(): Promise<{ attio: AttioSandbox; refreshToken: string }> {
    const attio = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenLifetimeSeconds: 3600 });
    attio.allowRedirectUri(CALLBACK_URL);
    const { refreshToken } = await connectWorkspace(attio);
    if (refreshToken === undefined) throw new Error("the sandbox issued no refresh token");
    return { attio, refreshToken };
  }

  function requestNewAccessToken(refreshToken: string): Promise<Outcome> {
    return new Promise((resolve) =>
      refresh.requestNewAccessToken("attio", refreshToken, (err, accessToken, newRefreshToken, params) =>
        resolve({ err, accessToken, refreshToken: newRefreshToken, params }),
      ),
    );
  }

  describe("against an Attio that issues refresh tokens", () => {
    let attio: AttioSandbox;
    let refreshToken: string;
    before(async () => {
      ({ attio, refreshToken } = await refreshingAttio());
      register(attio);
    });
    after(() => attio.close());

    it("registers under the strategy's name", () => {
      expect(refresh.has("attio")).to.equal(true);
    });

    it("gets a new access token and the rotated refresh token with a standard refresh grant", async () => {
      const outcome = await requestNewAccessToken(refreshToken);
      expect(outcome.err).to.equal(null);
      expect(outcome.accessToken).to.be.a("string").and.equal(attio.issuedTokens().at(-1));
      expect(outcome.refreshToken).to.be.a("string").and.not.equal(refreshToken);
      // The token response, as passport-oauth2 gives it to verify: the refresh token is passed on its own.
      expect(outcome.params).to.deep.equal({ access_token: outcome.accessToken, token_type: "Bearer", expires_in: 3600 });
      expect(Object.fromEntries(new URLSearchParams(attio.received("token").at(-1)?.body))).to.deep.equal({
        grant_type: "refresh_token",
        refresh_token: refreshToken,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
    });

    it("reports a refused refresh token as passport-oauth2's TokenError, without the token in the message", async () => {
      const outcome = await requestNewAccessToken("refresh-token-revoked-999");
      const { TokenError } = consumer().attio();
      expect(outcome.err).to.be.instanceOf(TokenError);
      expect(outcome.err).to.include({ code: "invalid_grant", status: 400 });
      expect((outcome.err as Error).message).not.to.include("refresh-token-revoked-999");
      expect(outcome.accessToken).to.equal(undefined);
    });
  });

  describe("against a token endpoint that never answers", () => {
    let attio: AttioSandbox;
    let refreshToken: string;
    before(async () => {
      ({ attio, refreshToken } = await refreshingAttio());
      register(attio, { timeout: 300 });
      attio.resetStats();
      attio.failNext("token", { stall: true });
    });
    after(() => attio.close());

    it("fails with ATTIO_TIMEOUT once the strategy's timeout has passed", async function () {
      this.timeout(5_000);
      const outcome = await requestNewAccessToken(refreshToken);
      const { AttioRequestError } = consumer().attio();
      expect(outcome.err).to.be.instanceOf(AttioRequestError);
      expect(outcome.err).to.include({ code: "ATTIO_TIMEOUT" });
      expect((outcome.err as Error).message).to.match(/^Attio's token endpoint did not answer within \d+ ms\.$/);
      expect(attio.stats.requests.token).to.equal(1);
    });
  });
});
