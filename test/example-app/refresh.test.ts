/**
 * The example app when Attio issues refresh tokens (the sandbox's refresh
 * mode): AttioConnections renews a token about to expire when it is used, and
 * says the user must authorise again when the refresh token is refused.
 */
import { expect } from "chai";
import { BrowserClient, pageText } from "../helpers/browser-client";
import { RunningExample, signIn, startExample } from "../helpers/example";

describe("example app: a provider that issues refresh tokens", () => {
  let example: RunningExample;
  let client: BrowserClient;

  beforeEach(async () => {
    // 30 s: inside the minute before expiry in which AttioConnections refreshes.
    example = await startExample({ sandbox: { tokenLifetimeSeconds: 30 } });
    client = new BrowserClient();
  });
  afterEach(async () => example.close());

  it("renews the token when it is about to expire, and Attio reports the new one active", async () => {
    const profile = await signIn(client, example.appUrl);
    expect(pageText(profile.body)).not.to.include("never (Attio's tokens do not expire)");
    const checked = await client.post(`${example.appUrl}/token/check`);
    expect(pageText(checked.body))
      .to.include("The token is active")
      .and.match(/It expires at \d{4}-/)
      .and.include("Renewed");
    expect(example.sandbox.stats.requests.token, "the sign-in's exchange, then one refresh").to.equal(2);
    example.sandbox.revoke(example.sandbox.issuedTokens()[0] ?? "");
    const again = await client.post(`${example.appUrl}/token/check`);
    expect(pageText(again.body), "the connection holds the new token").to.include("The token is active");
  });

  it("says the user must authorise again when the refresh token is refused", async () => {
    await signIn(client, example.appUrl);
    example.sandbox.revokeAll();
    const page = await client.post(`${example.appUrl}/token/check`);
    expect(pageText(page.body)).to.include("The token is no longer active").and.include("sign in again");
    expect(/data-testid="connection-status">([^<]*)</.exec(page.body)?.[1]).to.equal("revoked: sign in again");
  });
});
