/** passport-oauth2-refresh drives the packed strategy's own token request: same body, same timeout. */
import { expect } from "chai";
import type refreshModule from "passport-oauth2-refresh";
import type { AttioStrategyOptions } from "passport-attio";
import { CLIENT_ID, CLIENT_SECRET } from "../helpers/fixtures";
import { useConsumer } from "../helpers/packed";
import { REFRESH_TOKEN, REFRESHED_ACCESS_TOKEN, ROTATED_REFRESH_TOKEN, StandInAttio, startStandInAttio } from "../helpers/stand-in-attio";

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

  function register(attio: StandInAttio, extra: Partial<AttioStrategyOptions> = {}): void {
    const { AttioStrategy } = consumer().attio();
    refresh.use(new AttioStrategy({ ...attio.strategyOptions, ...extra }, async () => false));
  }

  function requestNewAccessToken(refreshToken: string): Promise<Outcome> {
    return new Promise((resolve) =>
      refresh.requestNewAccessToken("attio", refreshToken, (err, accessToken, newRefreshToken, params) =>
        resolve({ err, accessToken, refreshToken: newRefreshToken, params }),
      ),
    );
  }

  describe("against an Attio that issues refresh tokens", () => {
    let attio: StandInAttio;
    before(async () => {
      attio = await startStandInAttio({ refreshTokens: true });
      register(attio);
    });
    after(() => attio.close());

    it("registers under the strategy's name", () => {
      expect(refresh.has("attio")).to.equal(true);
    });

    it("gets a new access token and the rotated refresh token with a standard refresh grant", async () => {
      const outcome = await requestNewAccessToken(REFRESH_TOKEN);
      expect(outcome.err).to.equal(null);
      expect(outcome).to.include({ accessToken: REFRESHED_ACCESS_TOKEN, refreshToken: ROTATED_REFRESH_TOKEN });
      // The token response, as passport-oauth2 gives it to verify: the refresh token is passed on its own.
      expect(outcome.params).to.deep.equal({ access_token: REFRESHED_ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600 });
      expect(attio.tokenRequests.at(-1)).to.deep.equal({
        grant_type: "refresh_token",
        refresh_token: REFRESH_TOKEN,
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
    let attio: StandInAttio;
    before(async () => {
      attio = await startStandInAttio({ stallTokenEndpoint: true });
      register(attio, { timeout: 300 });
    });
    after(() => attio.close());

    it("fails with ATTIO_TIMEOUT once the strategy's timeout has passed", async function () {
      this.timeout(5_000);
      const outcome = await requestNewAccessToken(REFRESH_TOKEN);
      const { AttioRequestError } = consumer().attio();
      expect(outcome.err).to.be.instanceOf(AttioRequestError);
      expect(outcome.err).to.include({ code: "ATTIO_TIMEOUT" });
      expect((outcome.err as Error).message).to.match(/^Attio's token endpoint did not answer within \d+ ms\.$/);
      expect(attio.tokenRequests).to.have.length(1);
    });
  });
});
