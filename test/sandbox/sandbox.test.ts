/** The Attio sandbox on its own, over HTTP: it must answer as attio-facts describes Attio. */
import { expect } from "chai";
import { createHash, randomBytes } from "node:crypto";
import { AttioSandbox, startAttioSandbox } from "../../src/testing";
import { BrowserClient, pageText } from "../helpers/browser-client";
import { consentRequestId } from "../helpers/example";

const CLIENT_ID = "sandbox-test-client";
const CLIENT_SECRET = "sandbox-test-secret-0123456789";
const REDIRECT_URI = "http://127.0.0.1:9/auth/attio/callback";

interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

function pkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

describe("Attio sandbox", () => {
  let sandbox: AttioSandbox;
  let now: number;

  beforeEach(async () => {
    now = Date.UTC(2025, 0, 1);
    sandbox = await startAttioSandbox({
      clientID: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [REDIRECT_URI],
      codeTtlMs: 30_000,
      appName: "Test <App>",
      now: () => now,
    });
  });
  afterEach(() => sandbox.close());

  function authorizeUrl(params: Record<string, string>): string {
    const url = new URL(sandbox.authorizationURL);
    const all = { client_id: CLIENT_ID, response_type: "code", redirect_uri: REDIRECT_URI, ...params };
    for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
    return url.toString();
  }

  /** Consent and approval by hand; resolves to the redirect back to the app. */
  async function approve(params: Record<string, string> = {}, decision = "approve"): Promise<URL> {
    const client = new BrowserClient();
    const consent = await client.get(authorizeUrl(params));
    const member = sandbox.members[0]?.id ?? "";
    const back = await client.post(
      sandbox.authorizationURL,
      { request_id: consentRequestId(consent), decision, member_id: member },
      { maxRedirects: 0 },
    );
    expect(back.status).to.equal(302);
    return new URL(back.headers.get("location") ?? "");
  }

  function token(fields: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams({
      grant_type: "authorization_code",
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uri: REDIRECT_URI,
      ...fields,
    });
    return fetch(sandbox.tokenURL, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  }

  async function codeWithPkce(): Promise<{ code: string } & Pkce> {
    const keys = pkce();
    const back = await approve({ code_challenge: keys.challenge, code_challenge_method: "S256", state: "s1" });
    return { code: back.searchParams.get("code") ?? "", ...keys };
  }

  function api(path: string, bearer?: string, method = "GET"): Promise<Response> {
    return fetch(`${sandbox.apiURL}${path}`, { method, headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` } });
  }

  describe("GET /authorize", () => {
    it("shows the app name, the configured scopes, the members, Approve and Deny", async () => {
      const page = await new BrowserClient().get(authorizeUrl({ state: "abc" }));
      expect(page.status).to.equal(200);
      expect(page.headers.get("content-security-policy")).to.include("frame-ancestors 'none'");
      const text = pageText(page.body);
      expect(text).to.include("Test <App> wants to access Northwind Trading");
      expect(page.body).to.include("Test &lt;App&gt;");
      expect(text).to.include("record_permission:read").and.include("user_management:read");
      expect(text).to.include("Ada Lovelace").and.include("Grace Hopper").and.include("Alan Turing");
      expect(page.body)
        .to.match(/<button[^>]*value="approve"[^>]*>Approve<\/button>/)
        .and.match(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);
    });

    it("refuses an unknown client or an unregistered redirect URI without redirecting", async () => {
      const cases: Array<Record<string, string>> = [
        { client_id: "someone-else" },
        { redirect_uri: `${REDIRECT_URI}/x` },
        { redirect_uri: "http://127.0.0.1:9/auth/attio/callback?x=1" },
      ];
      for (const params of cases) {
        const page = await new BrowserClient().get(authorizeUrl(params), { maxRedirects: 0 });
        expect(page.status, JSON.stringify(params)).to.equal(400);
        expect(page.headers.get("location")).to.equal(null);
      }
    });

    it("sends request errors back to the app, with the state", async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{ response_type: "token" }, "unsupported_response_type"],
        [{ code_challenge: pkce().challenge, code_challenge_method: "plain" }, "invalid_request"],
        [{ code_challenge: "short", code_challenge_method: "S256" }, "invalid_request"],
      ];
      for (const [params, error] of cases) {
        const page = await new BrowserClient().get(authorizeUrl({ ...params, state: "st" }), { maxRedirects: 0 });
        const back = new URL(page.headers.get("location") ?? "");
        expect(back.searchParams.get("error"), JSON.stringify(params)).to.equal(error);
        expect(back.searchParams.get("state")).to.equal("st");
      }
    });

    it("refuses a repeated parameter", async () => {
      const page = await new BrowserClient().get(`${authorizeUrl({})}&response_type=code`, { maxRedirects: 0 });
      expect(new URL(page.headers.get("location") ?? "").searchParams.get("error")).to.equal("invalid_request");
    });
  });

  describe("POST /authorize (the decision)", () => {
    it("Approve redirects with a code and the state", async () => {
      const back = await approve({ state: "xyz" });
      expect(`${back.origin}${back.pathname}`).to.equal(REDIRECT_URI);
      expect(back.searchParams.get("code")).to.match(/^[A-Za-z0-9_-]{32}$/);
      expect(back.searchParams.get("state")).to.equal("xyz");
    });

    it("Deny redirects with error=access_denied and the state", async () => {
      const back = await approve({ state: "xyz" }, "deny");
      expect(back.searchParams.get("error")).to.equal("access_denied");
      expect(back.searchParams.get("state")).to.equal("xyz");
      expect(back.searchParams.get("code")).to.equal(null);
    });

    it("answers each consent request once", async () => {
      const client = new BrowserClient();
      const consent = await client.get(authorizeUrl({}));
      const form = { request_id: consentRequestId(consent), decision: "approve", member_id: sandbox.members[0]?.id ?? "" };
      expect((await client.post(sandbox.authorizationURL, form, { maxRedirects: 0 })).status).to.equal(302);
      expect((await client.post(sandbox.authorizationURL, form, { maxRedirects: 0 })).status).to.equal(400);
    });

    it("refuses an unknown member", async () => {
      const client = new BrowserClient();
      const consent = await client.get(authorizeUrl({}));
      const page = await client.post(sandbox.authorizationURL, {
        request_id: consentRequestId(consent),
        decision: "approve",
        member_id: "nobody",
      });
      expect(page.status).to.equal(400);
    });
  });

  describe("POST /oauth/token", () => {
    it("exchanges a code for exactly {access_token, token_type}", async () => {
      const { code, verifier } = await codeWithPkce();
      const response = await token({ code, code_verifier: verifier });
      expect(response.status).to.equal(200);
      expect(response.headers.get("cache-control")).to.equal("no-store");
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body)).to.have.members(["access_token", "token_type"]);
      expect(body["token_type"]).to.equal("Bearer");
    });

    it("accepts a code without PKCE when the authorize request had no challenge, as Attio may", async () => {
      const code = (await approve()).searchParams.get("code") ?? "";
      expect((await token({ code })).status).to.equal(200);
    });

    const refusals: Array<[string, (c: { code: string } & Pkce) => Record<string, string>, number, string, RegExp]> = [
      [
        "a wrong client secret",
        (c) => ({ code: c.code, code_verifier: c.verifier, client_secret: "wrong" }),
        401,
        "invalid_client",
        /client/,
      ],
      ["an unknown client id", (c) => ({ code: c.code, code_verifier: c.verifier, client_id: "other" }), 401, "invalid_client", /client/],
      [
        "another grant type",
        (c) => ({ grant_type: "refresh_token", refresh_token: c.code }),
        400,
        "unsupported_grant_type",
        /authorization_code/,
      ],
      ["no code", (c) => ({ code_verifier: c.verifier }), 400, "invalid_request", /code/],
      ["an unknown code", (c) => ({ code: "not-a-code", code_verifier: c.verifier }), 400, "invalid_grant", /not valid/],
      [
        "another redirect_uri",
        (c) => ({ code: c.code, code_verifier: c.verifier, redirect_uri: `${REDIRECT_URI}/` }),
        400,
        "invalid_grant",
        /redirect_uri/,
      ],
      ["no code_verifier", (c) => ({ code: c.code }), 400, "invalid_grant", /code_verifier is required/],
      ["a wrong code_verifier", (c) => ({ code: c.code, code_verifier: pkce().verifier }), 400, "invalid_grant", /does not match/],
      ["a malformed code_verifier", (c) => ({ code: c.code, code_verifier: "short" }), 400, "invalid_grant", /malformed/],
    ];
    for (const [what, fields, status, error, description] of refusals) {
      it(`refuses ${what} with an RFC 6749 error body`, async () => {
        const response = await token(fields(await codeWithPkce()));
        expect(response.status).to.equal(status);
        const body = (await response.json()) as Record<string, string>;
        expect(body["error"]).to.equal(error);
        expect(body["error_description"]).to.match(description);
      });
    }

    it("refuses a body that is not a form", async () => {
      const response = await fetch(sandbox.tokenURL, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(response.status).to.equal(400);
      expect(await response.json()).to.include({ error: "invalid_request" });
    });

    it("refuses a replayed code and revokes the token it bought", async () => {
      const { code, verifier } = await codeWithPkce();
      const first = (await (await token({ code, code_verifier: verifier })).json()) as { access_token: string };
      const replay = await token({ code, code_verifier: verifier });
      expect(replay.status).to.equal(400);
      expect(await replay.json()).to.deep.equal({
        error: "invalid_grant",
        error_description: "The authorization code has already been used.",
      });
      expect(await (await api("/v2/self", first.access_token)).json()).to.deep.equal({ active: false });
    });

    it("refuses a code used after its lifetime", async () => {
      const { code, verifier } = await codeWithPkce();
      now += 30_000;
      const response = await token({ code, code_verifier: verifier });
      expect(await response.json()).to.deep.equal({ error: "invalid_grant", error_description: "The authorization code has expired." });
    });
  });

  describe("refresh mode (a future Attio with expiring tokens)", () => {
    beforeEach(async () => {
      await sandbox.close();
      sandbox = await startAttioSandbox({
        clientID: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUris: [REDIRECT_URI],
        tokenLifetimeSeconds: 3600,
        now: () => now,
      });
    });

    function refresh(refreshToken: string): Promise<Response> {
      return token({ grant_type: "refresh_token", refresh_token: refreshToken });
    }

    it("adds refresh_token and expires_in, rotates at each refresh, and refuses a spent refresh token", async () => {
      const { code, verifier } = await codeWithPkce();
      const first = (await (await token({ code, code_verifier: verifier })).json()) as Record<string, unknown>;
      expect(Object.keys(first)).to.have.members(["access_token", "token_type", "refresh_token", "expires_in"]);
      expect(first["expires_in"]).to.equal(3600);
      const self = (await (await api("/v2/self", String(first["access_token"]))).json()) as Record<string, unknown>;
      expect(self["exp"]).to.equal(now / 1000 + 3600);
      const second = (await (await refresh(String(first["refresh_token"]))).json()) as Record<string, unknown>;
      expect(second["refresh_token"]).to.be.a("string").and.not.equal(first["refresh_token"]);
      const spent = await refresh(String(first["refresh_token"]));
      expect(spent.status).to.equal(400);
      expect(await spent.json()).to.deep.equal({ error: "invalid_grant", error_description: "The refresh token is not valid." });
      expect((await refresh("")).status).to.equal(400);
    });

    it("lets access tokens expire, and revocation kill their refresh tokens", async () => {
      const { code, verifier } = await codeWithPkce();
      const tokens = (await (await token({ code, code_verifier: verifier })).json()) as Record<string, string>;
      now += 3600 * 1000;
      expect(await (await api("/v2/self", tokens["access_token"])).json()).to.deep.equal({ active: false });
      sandbox.revokeAll();
      expect((await refresh(tokens["refresh_token"] ?? "")).status).to.equal(400);
    });
  });

  describe("GET /v2/self and POST /oauth/introspect", () => {
    it("describe an active token with Attio's fields", async () => {
      const accessToken = sandbox.issueToken(sandbox.members[1]?.id);
      const expected = {
        active: true,
        scope: "record_permission:read user_management:read",
        client_id: CLIENT_ID,
        token_type: "Bearer",
        exp: null,
        iat: now / 1000,
        sub: sandbox.workspace.id,
        aud: CLIENT_ID,
        iss: "attio.com",
        authorized_by_workspace_member_id: sandbox.members[1]?.id,
        workspace_id: sandbox.workspace.id,
        workspace_name: "Northwind Trading",
        workspace_slug: "northwind-trading",
        workspace_logo_url: `${sandbox.url}/assets/workspaces/${sandbox.workspace.id}.svg`,
        token_level: "workspace",
      };
      expect(await (await api("/v2/self", accessToken)).json()).to.deep.equal(expected);
      expect(await (await api("/oauth/introspect", accessToken, "POST")).json()).to.deep.equal(expected);
    });

    it("answer HTTP 200 {active:false} for an unknown or revoked token", async () => {
      const accessToken = sandbox.issueToken();
      sandbox.revokeAll();
      for (const bearer of [accessToken, "unknown-token"]) {
        const response = await api("/v2/self", bearer);
        expect(response.status).to.equal(200);
        expect(await response.json()).to.deep.equal({ active: false });
      }
      expect(sandbox.revoke("unknown-token")).to.equal(false);
    });

    it("answer 401 with an Attio error body without a Bearer token", async () => {
      const response = await api("/v2/self");
      expect(response.status).to.equal(401);
      expect(await response.json()).to.include({ status_code: 401, type: "auth_error" });
    });
  });

  describe("POST /oauth/revoke", () => {
    function revoke(init: { bearer?: string; form?: Record<string, string> }): Promise<Response> {
      const headers: Record<string, string> = {};
      if (init.bearer !== undefined) headers["authorization"] = `Bearer ${init.bearer}`;
      if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
      const body = init.form ? new URLSearchParams(init.form) : undefined;
      return fetch(`${sandbox.url}/oauth/revoke`, { method: "POST", headers, body });
    }

    async function expectActive(accessToken: string, active: boolean): Promise<void> {
      for (const [path, method] of [
        ["/v2/self", "GET"],
        ["/oauth/introspect", "POST"],
      ] as const) {
        const body = (await (await api(path, accessToken, method)).json()) as { active: boolean };
        expect(body.active, path).to.equal(active);
      }
    }

    it("revokes the token of a Bearer header: 204 No Content, then inactive", async () => {
      const accessToken = sandbox.issueToken();
      const other = sandbox.issueToken();
      const response = await revoke({ bearer: accessToken });
      expect(response.status).to.equal(204);
      expect(await response.text()).to.equal("");
      await expectActive(accessToken, false);
      await expectActive(other, true);
    });

    it("revokes the token of a form field, and one named by both when they agree", async () => {
      const inForm = sandbox.issueToken();
      expect((await revoke({ form: { token: inForm } })).status).to.equal(204);
      await expectActive(inForm, false);
      const inBoth = sandbox.issueToken();
      expect((await revoke({ bearer: inBoth, form: { token: inBoth } })).status).to.equal(204);
      await expectActive(inBoth, false);
    });

    it("answers 204 for an unknown or already revoked token (RFC 7009)", async () => {
      const accessToken = sandbox.issueToken();
      expect((await revoke({ bearer: accessToken })).status).to.equal(204);
      expect((await revoke({ bearer: accessToken })).status).to.equal(204);
      expect((await revoke({ form: { token: "never-issued" } })).status).to.equal(204);
    });

    it("answers 400 without a token, or when the header and the body disagree, and revokes nothing", async () => {
      const accessToken = sandbox.issueToken();
      const other = sandbox.issueToken();
      const cases: Array<[string, RequestInit]> = [
        ["no token at all", {}],
        ["an empty form", { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" }],
        ["an empty token field", { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "token=" }],
        [
          "header and body disagree",
          {
            headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ token: other }),
          },
        ],
        ["a header that is not Bearer", { headers: { authorization: `Basic ${accessToken}` } }],
        [
          "a repeated token field",
          { headers: { "content-type": "application/x-www-form-urlencoded" }, body: `token=${accessToken}&token=${other}` },
        ],
        ["a JSON body", { headers: { "content-type": "application/json" }, body: JSON.stringify({ token: accessToken }) }],
      ];
      for (const [what, init] of cases) {
        const response = await fetch(`${sandbox.url}/oauth/revoke`, { method: "POST", ...init });
        expect(response.status, what).to.equal(400);
        expect(await response.json(), what).to.include({ error: "invalid_request" });
      }
      await expectActive(accessToken, true);
      await expectActive(other, true);
    });

    it("is counted in stats", async () => {
      await revoke({ bearer: sandbox.issueToken() });
      await revoke({});
      expect(sandbox.stats.requests.revoke).to.equal(2);
      expect(sandbox.revokeURL).to.equal(`${sandbox.url}/oauth/revoke`);
    });
  });

  describe("autoApprove", () => {
    async function startWith(autoApprove: true | string): Promise<void> {
      await sandbox.close();
      sandbox = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI], autoApprove });
    }

    async function authorizeOnce(params: Record<string, string>): Promise<URL> {
      const response = await fetch(authorizeUrl(params), { redirect: "manual" });
      expect(response.status).to.equal(302);
      return new URL(response.headers.get("location") ?? "");
    }

    async function memberOfCode(code: string, verifier: string): Promise<unknown> {
      const tokens = (await (await token({ code, code_verifier: verifier })).json()) as { access_token: string };
      const self = (await (await api("/v2/self", tokens.access_token)).json()) as Record<string, unknown>;
      return self["authorized_by_workspace_member_id"];
    }

    it("true: /authorize redirects straight back with a code and the state, as the first member", async () => {
      await startWith(true);
      const keys = pkce();
      const back = await authorizeOnce({ state: "st-1", code_challenge: keys.challenge, code_challenge_method: "S256" });
      expect(`${back.origin}${back.pathname}`).to.equal(REDIRECT_URI);
      expect([...back.searchParams.keys()]).to.have.members(["code", "state"]);
      expect(back.searchParams.get("state")).to.equal("st-1");
      expect(await memberOfCode(back.searchParams.get("code") ?? "", keys.verifier)).to.equal(sandbox.members[0]?.id);
      expect(sandbox.stats.requests).to.include({ authorize: 1, consent: 0, token: 1 });
    });

    it("a member id: approves as that member", async () => {
      const grace = sandbox.members[1]?.id ?? "";
      await startWith(grace);
      const keys = pkce();
      const back = await authorizeOnce({ code_challenge: keys.challenge, code_challenge_method: "S256" });
      expect(back.searchParams.get("state")).to.equal(null);
      expect(await memberOfCode(back.searchParams.get("code") ?? "", keys.verifier)).to.equal(grace);
    });

    it('"deny": redirects back with error=access_denied and the state, and no code', async () => {
      await startWith("deny");
      const back = await authorizeOnce({ state: "st-2" });
      expect(back.searchParams.get("error")).to.equal("access_denied");
      expect(back.searchParams.get("state")).to.equal("st-2");
      expect(back.searchParams.get("code")).to.equal(null);
    });

    it("still refuses an unregistered redirect URI without redirecting, and sends request errors back", async () => {
      await startWith(true);
      const refused = await fetch(authorizeUrl({ redirect_uri: `${REDIRECT_URI}/x` }), { redirect: "manual" });
      expect(refused.status).to.equal(400);
      expect(refused.headers.get("location")).to.equal(null);
      const back = await authorizeOnce({ response_type: "token", state: "st-3" });
      expect(back.searchParams.get("error")).to.equal("unsupported_response_type");
      expect(back.searchParams.get("code")).to.equal(null);
    });

    it("refuses to start with a member id that names nobody", async () => {
      let error: unknown;
      try {
        await startWith("nobody");
      } catch (err) {
        error = err;
      }
      expect(error)
        .to.be.instanceOf(TypeError)
        .with.property("message")
        .that.matches(/autoApprove names no member/);
      sandbox = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET });
    });
  });

  describe("GET /v2/workspace_members/{id}", () => {
    it("answers Attio's member shape under data", async () => {
      const ada = sandbox.members[0];
      const response = await api(`/v2/workspace_members/${ada?.id}`, sandbox.issueToken());
      expect(await response.json()).to.deep.equal({
        data: {
          id: { workspace_id: sandbox.workspace.id, workspace_member_id: ada?.id },
          first_name: "Ada",
          last_name: "Lovelace",
          avatar_url: `${sandbox.url}/assets/members/${ada?.id}.svg`,
          email_address: "ada@northwind.example",
          created_at: "2022-11-21T13:22:49.061281000Z",
          access_level: "admin",
        },
      });
      const alan = sandbox.members[2];
      const noAvatar = (await (await api(`/v2/workspace_members/${alan?.id}`, sandbox.issueToken())).json()) as {
        data: { avatar_url: unknown };
      };
      expect(noAvatar.data.avatar_url).to.equal(null);
    });

    it("refuses without user_management:read (403), accepts user_management:read-write", async () => {
      const ada = sandbox.members[0]?.id;
      sandbox.setGrantedScopes("record_permission:read");
      const refused = await api(`/v2/workspace_members/${ada}`, sandbox.issueToken());
      expect(refused.status).to.equal(403);
      expect(await refused.json()).to.include({ status_code: 403, type: "auth_error", code: "forbidden" });
      sandbox.setGrantedScopes(["user_management:read-write"]);
      expect((await api(`/v2/workspace_members/${ada}`, sandbox.issueToken())).status).to.equal(200);
    });

    it("answers 404 with an Attio error body for an unknown member, and 401 for a dead token", async () => {
      const response = await api("/v2/workspace_members/00000000-0000-0000-0000-000000000000", sandbox.issueToken());
      expect(response.status).to.equal(404);
      expect(await response.json()).to.include({ status_code: 404, type: "invalid_request_error", code: "not_found" });
      expect((await api(`/v2/workspace_members/%E0%A4%A`, sandbox.issueToken())).status).to.equal(404);
      expect((await api(`/v2/workspace_members/${sandbox.members[0]?.id}`, "dead")).status).to.equal(401);
    });
  });

  describe("assets and counters", () => {
    it("serves the avatars and the logo as SVG", async () => {
      const logo = await fetch(`${sandbox.url}/assets/workspaces/${sandbox.workspace.id}.svg`);
      expect(logo.headers.get("content-type")).to.equal("image/svg+xml");
      expect(await logo.text()).to.include(">N<");
      expect((await fetch(`${sandbox.url}/assets/members/${sandbox.members[0]?.id}.svg`)).status).to.equal(200);
      expect((await fetch(`${sandbox.url}/assets/members/${sandbox.members[2]?.id}.svg`)).status, "Alan has no avatar").to.equal(404);
      expect((await fetch(`${sandbox.url}/nowhere`)).status).to.equal(404);
    });

    it("counts requests per endpoint and new connections, and resets in place", async () => {
      const { stats } = sandbox;
      await token({ code: "x" });
      await api("/oauth/revoke", "x", "POST");
      await api("/v2/self", "x");
      await api("/oauth/introspect", "x", "POST");
      await api(`/v2/workspace_members/x`, "x");
      await fetch(`${sandbox.url}/`);
      expect(stats.requests).to.deep.equal({
        authorize: 0,
        consent: 0,
        token: 1,
        revoke: 1,
        introspect: 1,
        self: 1,
        member: 1,
        asset: 0,
        other: 1,
      });
      expect(stats.connections).to.be.at.least(1);
      sandbox.resetStats();
      expect(stats.requests.token).to.equal(0);
      expect(stats.connections).to.equal(0);
    });
  });
});
