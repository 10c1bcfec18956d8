/**
 * The Refresh action when Attio issues refresh tokens (the sandbox's refresh
 * mode): the strategy's helper is ready for it, and so is the example app.
 */
import { expect } from "chai";
import { BrowserClient, pageText } from "../helpers/browser-client";
import { RunningExample, signIn, startExample } from "../helpers/example";

describe("example app: Refresh with a provider that issues refresh tokens", () => {
  let example: RunningExample;
  let client: BrowserClient;

  beforeEach(async () => {
    example = await startExample({ sandbox: { tokenLifetimeSeconds: 3600 } });
    client = new BrowserClient();
  });
  afterEach(async () => example.close());

  it("gets a new access token, which Attio then reports active", async () => {
    const profile = await signIn(client, example.appUrl);
    expect(pageText(profile.body)).not.to.include("never (Attio's tokens do not expire)");
    const refreshed = await client.post(`${example.appUrl}/token/refresh`);
    expect(pageText(refreshed.body))
      .to.include("Got a new access token")
      .and.match(/It expires at \d{4}-/);
    expect(example.sandbox.issuedTokens()).to.have.length(2);
    example.sandbox.revoke(example.sandbox.issuedTokens()[0] ?? "");
    const checked = await client.post(`${example.appUrl}/token/check`);
    expect(pageText(checked.body), "the session now holds the new token")
      .to.include("The token is active")
      .and.match(/It expires at/);
  });

  it("says the user must authorise again when the refresh token is refused", async () => {
    await signIn(client, example.appUrl);
    example.sandbox.revokeAll();
    const page = await client.post(`${example.appUrl}/token/refresh`);
    expect(pageText(page.body)).to.include("Could not refresh the token").and.include("ATTIO_REAUTHORIZATION_REQUIRED");
  });
});
