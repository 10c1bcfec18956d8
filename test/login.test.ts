import { expect } from "chai";
import { AttioStrategy } from "../src";
import type { AttioProfile, AttioTokenParams } from "../src";
import { isolateNetwork, mockMember, mockSelf, mockToken } from "./helpers/attio";
import { AUTH_CODE, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, MEMBER_ID } from "./helpers/fixtures";
import { loginApp, startLogin } from "./helpers/app";

describe("login flow", () => {
  isolateNetwork();

  function strategy() {
    return new AttioStrategy(
      { clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, callbackURL: CALLBACK_URL, scope: ["record_permission:read", "user_management:read"] },
      async (_accessToken: string, _refreshToken: string | undefined, _params: AttioTokenParams, profile: AttioProfile) => ({ id: profile.id, name: profile.displayName }),
    );
  }

  it("redirects to Attio with state and an S256 challenge, then signs the member in", async () => {
    const { agent } = loginApp(strategy());
    const authorize = await startLogin(agent);
    expect(authorize.origin + authorize.pathname).to.equal("https://app.attio.com/authorize");
    let tokenBody: Record<string, string> = {};
    mockToken({}, (body) => (tokenBody = body));
    mockSelf();
    mockMember();
    const state = authorize.searchParams.get("state") ?? "";
    const response = await agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${state}`).expect(200);
    expect(response.body).to.deep.equal({ user: { id: MEMBER_ID, name: "Ada Lovelace" } });
    expect(tokenBody).to.include({ grant_type: "authorization_code", code: AUTH_CODE, redirect_uri: CALLBACK_URL, client_id: CLIENT_ID });
  });
});
