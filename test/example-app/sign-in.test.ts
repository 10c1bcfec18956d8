/**
 * The example app signing in through the Attio sandbox, over real HTTP, with
 * redirects and cookies followed as a browser would.
 */
import { expect } from "chai";
import { BrowserClient, pageText } from "../helpers/browser-client";
import { decide, openConsent, RunningExample, signIn, startExample } from "../helpers/example";

describe("example app: sign-in through the Attio sandbox", () => {
  let example: RunningExample;
  let client: BrowserClient;

  async function start(setup: Parameters<typeof startExample>[0] = {}): Promise<void> {
    example = await startExample(setup);
    client = new BrowserClient();
  }

  afterEach(async () => example?.close());

  describe("success", () => {
    beforeEach(() => start());

    it("lands on the profile with the member and the workspace, after exactly one exchange, /v2/self and member request", async () => {
      const profile = await signIn(client, example.appUrl);
      expect(profile.url).to.equal(`${example.appUrl}/profile`);
      expect(profile.status).to.equal(200);
      const text = pageText(profile.body);
      for (const shown of [
        "Northwind Trading",
        "northwind-trading",
        "Ada Lovelace",
        "ada@northwind.example",
        "admin",
        "record_permission:read",
        "user_management:read",
      ]) {
        expect(text).to.include(shown);
      }
      expect(profile.body).to.include(`src="${example.sandbox.url}/assets/workspaces/${example.sandbox.workspace.id}.svg"`);
      expect(example.sandbox.stats.requests).to.include({ authorize: 1, consent: 1, token: 1, self: 1, member: 1 });
    });

    it("signs in whichever member approved", async () => {
      const grace = example.sandbox.members[1];
      const profile = await signIn(client, example.appUrl, { memberId: grace?.id ?? "" });
      expect(pageText(profile.body)).to.include("Grace Hopper").and.include("grace@northwind.example").and.include("member");
    });

    it("sends Attio exactly the redirect URI, state and S256 challenge, and no secret in any URL", async () => {
      const consent = await openConsent(client, example.appUrl);
      const authorize = new URL(consent.hops[1] ?? "");
      expect(`${authorize.origin}${authorize.pathname}`).to.equal(example.sandbox.authorizationURL);
      expect(authorize.searchParams.get("redirect_uri")).to.equal(`${example.appUrl}/auth/attio/callback`);
      expect(authorize.searchParams.get("code_challenge_method")).to.equal("S256");
      expect(authorize.searchParams.get("state")).to.be.a("string").with.length.above(10);
      const profile = await decide(client, consent);
      const hops = [...consent.hops, ...profile.hops].join(" ");
      expect(hops).not.to.include("secret");
      for (const token of example.sandbox.issuedTokens()) expect(hops).not.to.include(token);
    });

    it("regenerates the session at sign-in, with an httpOnly SameSite=Lax cookie", async () => {
      const consent = await openConsent(client, example.appUrl);
      const before = client.cookie(example.appUrl, "example.sid");
      expect(before, "the login state lives in a session").to.be.a("string");
      await decide(client, consent);
      const after = client.cookie(example.appUrl, "example.sid");
      expect(after).to.be.a("string").and.not.equal(before);
      const attributes = client.cookieAttributes(example.appUrl, "example.sid").map((a) => a.toLowerCase());
      expect(attributes).to.include.members(["httponly", "samesite=lax", "path=/"]);
      expect(attributes).not.to.include("secure");
    });

    it("never puts the access token in a page", async () => {
      const pages = [await signIn(client, example.appUrl)];
      pages.push(await client.post(`${example.appUrl}/token/check`));
      pages.push(await client.post(`${example.appUrl}/disconnect`));
      const [token] = example.sandbox.issuedTokens();
      expect(token).to.be.a("string");
      for (const page of pages) expect(page.body).not.to.include(token);
    });

    it("checks the token with Attio: active", async () => {
      await signIn(client, example.appUrl);
      const page = await client.post(`${example.appUrl}/token/check`);
      expect(page.url).to.equal(`${example.appUrl}/profile`);
      expect(pageText(page.body))
        .to.include("The token is active")
        .and.include(example.sandbox.workspace.id)
        .and.include("It does not expire.");
      const again = await client.get(`${example.appUrl}/profile`);
      expect(pageText(again.body), "the notice shows once").not.to.include("The token is active");
    });

    it("shows the connection's status and when Attio last confirmed it", async () => {
      const profile = await signIn(client, example.appUrl);
      expect(/data-testid="connection-status">([^<]*)</.exec(profile.body)?.[1]).to.equal("active");
      const checked = /data-testid="connection-checked">([^<]*)</.exec(profile.body)?.[1] ?? "";
      expect(Date.now() - Date.parse(checked), "checked at sign-in").to.be.within(0, 60_000);
    });

    it("Disconnect revokes the token at Attio, signs out, and shows that Attio now calls it inactive", async () => {
      await signIn(client, example.appUrl);
      const [token] = example.sandbox.issuedTokens();
      const home = await client.post(`${example.appUrl}/disconnect`);
      expect(home.url).to.equal(`${example.appUrl}/`);
      expect(pageText(home.body)).to.include("Disconnected").and.include("now reports it inactive").and.include("Not signed in");
      expect(example.sandbox.stats.requests.revoke).to.equal(1);
      const self = await fetch(`${example.sandbox.apiURL}/v2/self`, { headers: { authorization: `Bearer ${token}` } });
      expect(await self.json(), "Attio's own answer").to.deep.equal({ active: false });
      const profile = await client.get(`${example.appUrl}/profile`);
      expect(profile.url, "signed out").to.equal(`${example.appUrl}/`);
    });

    it("signs out by POST, and the session is gone", async () => {
      await signIn(client, example.appUrl);
      const home = await client.post(`${example.appUrl}/logout`);
      expect(home.url).to.equal(`${example.appUrl}/`);
      expect(pageText(home.body)).to.include("Not signed in");
      const profile = await client.get(`${example.appUrl}/profile`);
      expect(profile.url, "the profile sends a signed-out visitor home").to.equal(`${example.appUrl}/`);
      const check = await client.post(`${example.appUrl}/token/check`);
      expect(check.url).to.equal(`${example.appUrl}/`);
    });
  });

  describe("failures", () => {
    it("deny: explains that access was not granted, and no token is requested", async () => {
      await start();
      const page = await signIn(client, example.appUrl, { decision: "deny" });
      expect(page.url).to.equal(`${example.appUrl}/auth/failed`);
      expect(page.status).to.equal(401);
      expect(page.body).to.include('data-failure="denied"');
      expect(pageText(page.body)).to.include("You chose not to connect Attio");
      expect(example.sandbox.stats.requests.token).to.equal(0);
      const again = await client.get(`${example.appUrl}/auth/failed`);
      expect(pageText(again.body), "the explanation shows once").to.include("Nothing to report");
    });

    it("missing scope: names the missing scope and where scopes are set", async () => {
      await start({ sandbox: { grantedScopes: ["record_permission:read"] } });
      const page = await signIn(client, example.appUrl);
      expect(page.url).to.equal(`${example.appUrl}/auth/failed`);
      expect(page.body).to.include('data-failure="scopes"');
      const text = pageText(page.body);
      expect(text).to.include("missing permissions").and.include("user_management:read").and.include("developer dashboard");
      expect(text).to.include("ATTIO_SANDBOX_SCOPES");
      expect(example.sandbox.stats.requests).to.include({ token: 1, self: 1, member: 0 });
      const profile = await client.get(`${example.appUrl}/profile`);
      expect(profile.url, "not signed in").to.equal(`${example.appUrl}/`);
    });

    it("read-write covers read: a grant of user_management:read-write signs in", async () => {
      await start({ sandbox: { grantedScopes: "record_permission:read user_management:read-write" } });
      const page = await signIn(client, example.appUrl);
      expect(page.url).to.equal(`${example.appUrl}/profile`);
      expect(pageText(page.body)).to.include("(as user_management:read-write)");
    });

    it("state tampering: a changed state is refused before any token request", async () => {
      await start();
      const start302 = await client.get(`${example.appUrl}/auth/attio`, { maxRedirects: 0 });
      const authorize = new URL(start302.headers.get("location") ?? "");
      authorize.searchParams.set("state", "forged-state-value");
      const consent = await client.get(authorize.toString());
      const page = await decide(client, consent);
      expect(page.url).to.equal(`${example.appUrl}/auth/failed`);
      expect(page.body).to.include('data-failure="state"');
      expect(pageText(page.body)).to.include("could not be verified");
      expect(example.sandbox.stats.requests.token).to.equal(0);
    });

    it("state tampering: a callback in a browser that never started a sign-in is refused", async () => {
      await start();
      const callback = await decide(client, await openConsent(client, example.appUrl), { maxRedirects: 0 });
      const other = new BrowserClient();
      const page = await other.get(callback.headers.get("location") ?? "");
      expect(page.body).to.include('data-failure="state"');
      expect(example.sandbox.stats.requests.token).to.equal(0);
    });

    it("code replay: the same callback twice is refused, and a reused code is refused by Attio", async () => {
      await start();
      const callback = await decide(client, await openConsent(client, example.appUrl), { maxRedirects: 0 });
      const callbackUrl = callback.headers.get("location") ?? "";
      const profile = await client.get(callbackUrl);
      expect(profile.url).to.equal(`${example.appUrl}/profile`);

      const replay = await client.get(callbackUrl);
      expect(replay.body, "the state was used up").to.include('data-failure="state"');

      // Replayed with a fresh state, the code reaches Attio, which refuses it and revokes what it bought.
      const code = new URL(callbackUrl).searchParams.get("code") ?? "";
      const fresh = await client.get(`${example.appUrl}/auth/attio`, { maxRedirects: 0 });
      const state = new URL(fresh.headers.get("location") ?? "").searchParams.get("state") ?? "";
      const refused = await client.get(
        `${example.appUrl}/auth/attio/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
      );
      expect(refused.url).to.equal(`${example.appUrl}/auth/failed`);
      expect(refused.body).to.include('data-failure="attio"');
      expect(pageText(refused.body))
        .to.include("Attio refused to finish the sign-in")
        .and.include("it was already used, or it expired")
        .and.include("ATTIO_CODE_REJECTED");
      expect(refused.body).not.to.include(code);
      const [first] = example.sandbox.issuedTokens();
      const self = await fetch(`${example.sandbox.apiURL}/v2/self`, { headers: { authorization: `Bearer ${first}` } });
      expect(await self.json()).to.deep.equal({ active: false });
    });

    it("PKCE verifier mismatch: a code from another browser's sign-in is refused by Attio", async () => {
      await start();
      // The attacker signs in to their own account and keeps the code instead of using it…
      const attacker = new BrowserClient();
      const attackerCallback = await decide(attacker, await openConsent(attacker, example.appUrl), { maxRedirects: 0 });
      const stolenCode = new URL(attackerCallback.headers.get("location") ?? "").searchParams.get("code") ?? "";
      // …then slips it into the victim's callback, which carries the victim's own valid state.
      const victimStart = await client.get(`${example.appUrl}/auth/attio`, { maxRedirects: 0 });
      const victimState = new URL(victimStart.headers.get("location") ?? "").searchParams.get("state") ?? "";
      const page = await client.get(
        `${example.appUrl}/auth/attio/callback?code=${encodeURIComponent(stolenCode)}&state=${encodeURIComponent(victimState)}`,
      );
      expect(page.url).to.equal(`${example.appUrl}/auth/failed`);
      expect(page.body).to.include('data-failure="attio"');
      expect(pageText(page.body)).to.include("Attio did not accept this sign-in response").and.include("ATTIO_CODE_REJECTED");
      expect(example.sandbox.issuedTokens()).to.have.length(0);
      const profile = await client.get(`${example.appUrl}/profile`);
      expect(profile.url).to.equal(`${example.appUrl}/`);
    });

    it("inactive token: Check token says so once the app is uninstalled", async () => {
      await start();
      await signIn(client, example.appUrl);
      example.sandbox.revokeAll();
      const page = await client.post(`${example.appUrl}/token/check`);
      expect(pageText(page.body)).to.include("The token is no longer active").and.include("sign in again");
    });

    it("Attio fault: an unreachable token endpoint is explained, with no stack trace", async () => {
      await start();
      const callback = await decide(client, await openConsent(client, example.appUrl), { maxRedirects: 0 });
      await example.sandbox.close();
      const page = await client.get(callback.headers.get("location") ?? "");
      expect(page.url).to.equal(`${example.appUrl}/auth/failed`);
      expect(page.body).to.include('data-failure="attio"');
      expect(pageText(page.body)).to.include("Attio could not finish the sign-in").and.include("ATTIO_NETWORK_ERROR");
      expect(page.body).not.to.match(/\bat .+\.(ts|js):\d+/);
    });
  });
});
