/** The example app's defences, seen from outside: headers, cookies, form posts, escaping, error pages, logs. */
import { expect } from "chai";
import session from "express-session";
import request from "supertest";
import { createExampleApp, EXAMPLE_SCOPES } from "../../example-app/app";
import { BrowserClient, pageText } from "../helpers/browser-client";
import { decide, openConsent, RunningExample, signIn, startExample } from "../helpers/example";
import { ECHOES, FIXED_SECRET_OF_EVERY_CLASS } from "../helpers/hostile-secrets";
import { findLeaks } from "../helpers/leaks";

describe("example app: safety", () => {
  let example: RunningExample;
  let client: BrowserClient;

  afterEach(async () => example?.close());

  describe("with default settings", () => {
    beforeEach(async () => {
      example = await startExample();
      client = new BrowserClient();
    });

    it("sends helmet's headers, a CSP that allows the sandbox's images, and no caching", async () => {
      const home = await client.get(`${example.appUrl}/`);
      const csp = home.headers.get("content-security-policy") ?? "";
      expect(csp)
        .to.include("default-src 'self'")
        .and.include("script-src 'self'")
        .and.include(`img-src 'self' data: https: ${example.sandbox.url}`);
      expect(csp, "plain http: nothing to upgrade").not.to.include("upgrade-insecure-requests");
      expect(home.headers.get("x-content-type-options")).to.equal("nosniff");
      expect(home.headers.get("x-frame-options")).to.equal("SAMEORIGIN");
      expect(home.headers.get("referrer-policy")).to.equal("same-origin");
      expect(home.headers.get("strict-transport-security")).to.equal(null);
      expect(home.headers.get("x-powered-by")).to.equal(null);
      expect(home.headers.get("cache-control")).to.equal("no-store");
    });

    it("gives a cookieless GET /auth/attio a session of 10 minutes, not the app's 8 hours", async () => {
      const response = await fetch(`${example.appUrl}/auth/attio`, { redirect: "manual" });
      expect(response.status).to.equal(302);
      const cookie = response.headers.getSetCookie().find((line) => line.startsWith("example.sid=")) ?? "";
      const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? "");
      expect(expires - Date.now()).to.be.within(9 * 60 * 1000, 10 * 60 * 1000);
    });

    it("refuses form posts from another origin, or with no origin at all", async () => {
      await signIn(client, example.appUrl);
      const foreign = await client.post(`${example.appUrl}/logout`, {}, { origin: "http://evil.example" });
      expect(foreign.status).to.equal(403);
      expect(pageText(foreign.body)).to.include("Request refused");
      const crossSite = await client.post(`${example.appUrl}/logout`, {}, { origin: null, headers: { "sec-fetch-site": "cross-site" } });
      expect(crossSite.status).to.equal(403);
      const bare = await client.post(`${example.appUrl}/token/check`, {}, { origin: null });
      expect(bare.status).to.equal(403);
      const profile = await client.get(`${example.appUrl}/profile`);
      expect(profile.url, "still signed in").to.equal(`${example.appUrl}/profile`);
      const sameOrigin = await client.post(`${example.appUrl}/logout`, {}, { origin: null, headers: { "sec-fetch-site": "same-origin" } });
      expect(sameOrigin.url).to.equal(`${example.appUrl}/`);
    });

    it("answers unknown pages with a plain 404 page", async () => {
      const page = await client.get(`${example.appUrl}/nowhere?x=<b>`);
      expect(page.status).to.equal(404);
      expect(pageText(page.body)).to.include("Page not found");
    });

    it("explains a malformed callback without an error page", async () => {
      await openConsent(client, example.appUrl);
      const page = await client.get(`${example.appUrl}/auth/attio/callback?code=a&code=b&state=x`);
      expect(page.url).to.equal(`${example.appUrl}/auth/failed`);
      expect(pageText(page.body)).to.include("malformed");
    });

    it("shows an Attio error other than access_denied by its code only", async () => {
      await openConsent(client, example.appUrl);
      const page = await client.get(
        `${example.appUrl}/auth/attio/callback?error=server_error&error_description=${encodeURIComponent("Call 555-0100 now")}`,
      );
      expect(page.body).to.include('data-failure="attio"');
      expect(pageText(page.body)).to.include("server_error").and.not.include("555-0100");
    });
  });

  it("keeps a client secret of every character class off the failure page, however the token endpoint echoes it", async () => {
    example = await startExample({ clientSecret: FIXED_SECRET_OF_EVERY_CLASS });
    client = new BrowserClient();
    for (const [name, echo] of Object.entries(ECHOES)) {
      const consent = await openConsent(client, example.appUrl);
      const body = JSON.stringify({ error: "invalid_client", error_description: `Rejected ${echo(FIXED_SECRET_OF_EVERY_CLASS)}` });
      example.sandbox.failNext("token", { respond: { status: 400, body } });
      const page = await decide(client, consent);
      expect(page.url, name).to.equal(`${example.appUrl}/auth/failed`);
      expect(findLeaks([page.body, pageText(page.body)], [FIXED_SECRET_OF_EVERY_CLASS]), name).to.deep.equal([]);
    }
  });

  it("escapes what Attio says: a hostile workspace name shows as text", async () => {
    const workspace = { id: "ws-1", name: `<script>alert("x")</script>`, slug: `"><img src=x onerror=alert(1)>`, hasLogo: false };
    example = await startExample({ sandbox: { workspace } });
    client = new BrowserClient();
    const profile = await signIn(client, example.appUrl);
    expect(profile.body).not.to.include("<script>alert").and.not.include("<img src=x");
    expect(profile.body).to.include("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(pageText(profile.body)).to.include(workspace.name);
  });

  it("shows a plain error page, never a stack, when the session store fails", async () => {
    class FailingStore extends session.MemoryStore {
      failing = false;
      override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
        if (this.failing) return callback(new Error("store down at /srv/secret/path.js:12"));
        super.get(sid, callback);
      }
    }
    const store = new FailingStore();
    const lines: string[] = [];
    example = await startExample({ app: { sessionStore: store, log: (line) => lines.push(line) } });
    client = new BrowserClient();
    await openConsent(client, example.appUrl);
    store.failing = true;
    const page = await client.get(`${example.appUrl}/profile`);
    expect(page.status).to.equal(500);
    expect(pageText(page.body)).to.include("Something went wrong");
    expect(page.body).not.to.include("store down").and.not.include("path.js");
    expect(lines).to.include("error: Error");
  });

  it("logs one line per request, without query strings or tokens", async () => {
    const lines: string[] = [];
    example = await startExample({ app: { log: (line) => lines.push(line) } });
    client = new BrowserClient();
    await signIn(client, example.appUrl);
    expect(lines).to.deep.equal(["GET /auth/attio 302", "GET /auth/attio/callback 302", "GET /profile 200"]);
    const [token] = example.sandbox.issuedTokens();
    expect(lines.join("\n")).not.to.include(token).and.not.include("code=").and.not.include("state=");
  });

  it("behind an https proxy (trust proxy set): Secure cookie, HSTS, upgrade-insecure-requests", async () => {
    example = await startExample();
    // The same sandbox, with an app that believes it is served at https://.
    const app = createExampleApp({
      mode: "real",
      requiredScopes: EXAMPLE_SCOPES,
      sessionSecret: "x".repeat(32),
      trustProxy: "loopback",
      attio: {
        clientID: "c",
        clientSecret: "s",
        callbackURL: "https://app.example.com/auth/attio/callback",
        authorizationURL: example.sandbox.authorizationURL,
        tokenURL: example.sandbox.tokenURL,
        apiURL: example.sandbox.apiURL,
      },
    });
    const response = await request(app).get("/auth/attio").set("x-forwarded-proto", "https").set("host", "app.example.com");
    expect(response.status).to.equal(302);
    const cookie = String(response.headers["set-cookie"]);
    expect(cookie)
      .to.match(/; Secure/)
      .and.match(/; HttpOnly/)
      .and.match(/SameSite=Lax/);
    expect(response.headers["strict-transport-security"]).to.be.a("string");
    expect(response.headers["content-security-policy"]).to.include("upgrade-insecure-requests");
    const plain = await request(app).get("/auth/attio");
    expect(plain.headers["set-cookie"], "no Secure cookie over plain http").to.equal(undefined);
  });
});
