import { createHash } from "node:crypto";
import { expect } from "chai";
import nock from "nock";
import { AttioStateStore, AttioStrategy, AttioStrategyOptions, AttioVerifyAsync, AttioVerifyDone, AttioVerifyFunction } from "../src";
import { API_ORIGIN, isolateNetwork, mockMember, mockSelf, mockToken } from "./helpers/attio";
import { loginApp, returnFromAttio, startLogin, LoginApp } from "./helpers/app";
import {
  ACCESS_TOKEN,
  AUTH_CODE,
  CALLBACK_URL,
  CLIENT_ID,
  CLIENT_SECRET,
  MEMBER_ID,
  memberBody,
  selfBody,
  WORKSPACE_ID,
} from "../harness/fixtures";
import { expectNoSecrets } from "./helpers/secrets";
import { TEST_OPTIONS } from "../harness/strategy";

const returnProfile: AttioVerifyAsync = async (_accessToken, _refreshToken, _params, profile) => ({ profile });

function app(options: Partial<AttioStrategyOptions> = {}, verify: AttioVerifyFunction = returnProfile): LoginApp {
  return loginApp(new AttioStrategy({ ...TEST_OPTIONS, ...options }, verify));
}

/** Counts requests nock could not match (each would have left this machine). */
function unexpectedRequests(): string[] {
  const seen: string[] = [];
  const listener = (req: { method?: string; path?: string; host?: string; options?: { host?: string; hostname?: string } }) => {
    const host = req.options?.hostname ?? req.options?.host ?? req.host ?? "";
    if (!/^(127\.0\.0\.1|localhost)/.test(host)) seen.push(`${req.method} ${host}${req.path}`);
  };
  nock.emitter.on("no match", listener);
  afterEach(() => nock.emitter.removeListener("no match", listener));
  return seen;
}

describe("login flow", () => {
  isolateNetwork();
  const unmatched = unexpectedRequests();
  afterEach(() => {
    expect(unmatched, "requests nobody expected").to.deep.equal([]);
    unmatched.length = 0;
  });

  describe("authorize redirect", () => {
    it("redirects to Attio with exactly response_type, client_id, redirect_uri, state and an S256 challenge", async () => {
      const authorize = await startLogin(app().agent);
      expect(authorize.origin + authorize.pathname).to.equal("https://app.attio.com/authorize");
      expect([...authorize.searchParams.keys()].sort()).to.deep.equal([
        "client_id",
        "code_challenge",
        "code_challenge_method",
        "redirect_uri",
        "response_type",
        "state",
      ]);
      expect(authorize.searchParams.get("response_type")).to.equal("code");
      expect(authorize.searchParams.get("client_id")).to.equal(CLIENT_ID);
      expect(authorize.searchParams.get("redirect_uri")).to.equal(CALLBACK_URL);
      expect(authorize.searchParams.get("code_challenge_method")).to.equal("S256");
      expect(authorize.searchParams.get("code_challenge")).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(authorize.searchParams.get("state")).to.match(/^[A-Za-z0-9]{24}$/);
    });

    it("sends a verifier whose SHA-256 is the challenge, in the token request", async () => {
      const login = app();
      const authorize = await startLogin(login.agent);
      let body: Record<string, string> = {};
      mockToken({}, (sent) => (body = sent));
      mockSelf();
      mockMember();
      await login.agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${authorize.searchParams.get("state")}`).expect(200);
      const verifier = body["code_verifier"] ?? "";
      expect(verifier).to.match(/^[A-Za-z0-9_-]{43,128}$/);
      expect(createHash("sha256").update(verifier).digest("base64url")).to.equal(authorize.searchParams.get("code_challenge"));
    });

    it("uses a fresh state and verifier for every login", async () => {
      const { agent } = app();
      const first = await startLogin(agent);
      const second = await startLogin(agent);
      expect(first.searchParams.get("state")).not.to.equal(second.searchParams.get("state"));
      expect(first.searchParams.get("code_challenge")).not.to.equal(second.searchParams.get("code_challenge"));
    });

    it("omits PKCE when pkce is false, and still sends state", async () => {
      const authorize = await startLogin(app({ pkce: false }).agent);
      expect(authorize.searchParams.has("code_challenge")).to.equal(false);
      expect(authorize.searchParams.has("code_challenge_method")).to.equal(false);
      expect(authorize.searchParams.get("state")).to.have.length(24);
    });

    it("resolves a relative callbackURL against the request, trusting X-Forwarded-* only with proxy: true", async () => {
      const direct = app({ callbackURL: "/auth/attio/callback" });
      const plain = new URL(
        (await direct.agent.get("/auth/attio").set("X-Forwarded-Proto", "https").expect(302)).headers["location"] as string,
      );
      expect(plain.searchParams.get("redirect_uri")).to.match(/^http:\/\/127\.0\.0\.1:\d+\/auth\/attio\/callback$/);
      const proxied = app({ callbackURL: "/auth/attio/callback", proxy: true });
      const location = (
        await proxied.agent.get("/auth/attio").set("X-Forwarded-Proto", "https").set("X-Forwarded-Host", "crm.example.com").expect(302)
      ).headers["location"];
      expect(new URL(location as string).searchParams.get("redirect_uri")).to.equal("https://crm.example.com/auth/attio/callback");
    });

    it("behind Express's trust proxy, X-Forwarded-Host picks a relative callback's redirect_uri even with proxy: false, never an absolute one's", async () => {
      const forged = async (login: LoginApp) => {
        login.app.set("trust proxy", true);
        const response = await login.agent.get("/auth/attio").set("X-Forwarded-Host", "attacker.example").expect(302);
        return new URL(response.headers["location"] as string).searchParams.get("redirect_uri");
      };
      expect(await forged(app({ callbackURL: "/auth/attio/callback", proxy: false }))).to.equal(
        "http://attacker.example/auth/attio/callback",
      );
      expect(await forged(app({ proxy: false }))).to.equal(CALLBACK_URL);
    });

    it("keeps the login state under sessionKey", async () => {
      const login = loginApp(new AttioStrategy({ ...TEST_OPTIONS, sessionKey: "attio-login" }, returnProfile));
      let stored: unknown;
      login.app.get("/peek", (req, res) => {
        stored = (req.session as unknown as Record<string, unknown>)["attio-login"];
        res.end();
      });
      await startLogin(login.agent);
      await login.agent.get("/peek");
      expect(stored).to.have.nested.property("state.handle").that.is.a("string");
      expect(stored)
        .to.have.nested.property("state.code_verifier")
        .that.matches(/^[A-Za-z0-9_-]{43}$/);
    });

    it("uses a custom state store for the state and the verifier", async () => {
      const saved = new Map<string, string | undefined>();
      const store: AttioStateStore = {
        store(_req, verifier, _state, _meta, done) {
          saved.set("handle-1", verifier);
          done(null, "handle-1");
        },
        verify(_req, provided, done) {
          const verifier = saved.get(provided);
          saved.delete(provided);
          return verifier ? done(null, verifier) : done(null, false, { message: "Unknown login." });
        },
      };
      const login = app({ store });
      const authorize = await startLogin(login.agent);
      expect(authorize.searchParams.get("state")).to.equal("handle-1");
      let body: Record<string, string> = {};
      mockToken({}, (sent) => (body = sent));
      mockSelf();
      mockMember();
      const verifier = saved.get("handle-1");
      await login.agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=handle-1`).expect(200);
      expect(body["code_verifier"]).to.equal(verifier);
      await login.agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=handle-1`).expect(302);
      expect((await login.agent.get("/failed")).body.messages).to.deep.equal(["Unknown login."]);
    });

    it("points at a custom authorizationURL, keeping its own query", async () => {
      const authorize = await startLogin(app({ authorizationURL: "https://proxy.example.com/attio/authorize?tenant=7" }).agent);
      expect(authorize.origin + authorize.pathname).to.equal("https://proxy.example.com/attio/authorize");
      expect(authorize.searchParams.get("tenant")).to.equal("7");
    });
  });

  describe("token exchange and profile", () => {
    it("posts exactly the six documented fields, form-encoded, and nothing else", async () => {
      let body: Record<string, string> = {};
      let contentType = "";
      const login = app();
      const authorize = await startLogin(login.agent);
      nock("https://app.attio.com")
        .post("/oauth/token", (sent: Record<string, string>) => ((body = { ...sent }), true))
        .reply(function () {
          contentType = String(this.req.headers["content-type"]);
          return [200, { access_token: ACCESS_TOKEN, token_type: "Bearer" }];
        });
      mockSelf();
      mockMember();
      await login.agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${authorize.searchParams.get("state")}`).expect(200);
      expect(contentType).to.equal("application/x-www-form-urlencoded");
      expect(Object.keys(body).sort()).to.deep.equal(["client_id", "client_secret", "code", "code_verifier", "grant_type", "redirect_uri"]);
      expect(body).to.include({
        grant_type: "authorization_code",
        code: AUTH_CODE,
        redirect_uri: CALLBACK_URL,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
    });

    it("produces the full profile from /v2/self and the authorising member", async () => {
      mockToken();
      mockSelf();
      mockMember();
      const response = await returnFromAttio(app(), 200);
      const { profile } = response.body.user;
      expect(profile).to.deep.include({
        provider: "attio",
        id: MEMBER_ID,
        displayName: "Ada Lovelace",
        name: { givenName: "Ada", familyName: "Lovelace" },
        emails: [{ value: "ada@acme.example", type: "work" }],
        photos: [{ value: "https://assets.attio.com/avatars/ada.png" }],
        memberId: MEMBER_ID,
        workspace: { id: WORKSPACE_ID, name: "Acme Corp", slug: "acme-corp", logoUrl: "https://assets.attio.com/logos/acme.png" },
        accessLevel: "admin",
        scopes: ["record_permission:read", "user_management:read"],
        tokenLevel: "workspace",
        issuedAt: "2023-11-14T22:13:20.000Z",
        expiresAt: null,
      });
      expect(JSON.parse(profile._raw.self)).to.deep.equal(selfBody());
      expect(JSON.parse(profile._raw.member)).to.deep.equal(memberBody());
      expect(profile._json.member.first_name).to.equal("Ada");
    });

    it("passes Attio's token response as params and undefined as the refresh token", async () => {
      mockToken();
      mockSelf();
      mockMember();
      const verify: AttioVerifyFunction = (accessToken, refreshToken, params, _profile, done) =>
        done(null, { accessToken: accessToken.length, refreshToken: refreshToken ?? "none", params: Object.keys(params) });
      const response = await returnFromAttio(app({}, verify), 200);
      expect(response.body.user).to.deep.equal({
        accessToken: ACCESS_TOKEN.length,
        refreshToken: "none",
        params: ["access_token", "token_type"],
      });
    });

    it("does not read the member without user_management, and falls back to the workspace name", async () => {
      mockToken();
      mockSelf(selfBody({ scope: "record_permission:read" }));
      const response = await returnFromAttio(app({ scope: ["record_permission:read"] }), 200);
      const { profile } = response.body.user;
      expect(profile).to.deep.include({ id: MEMBER_ID, displayName: "Acme Corp", accessLevel: "unknown", memberId: MEMBER_ID });
      expect(profile).not.to.have.property("emails");
      expect(profile._raw.member).to.equal(null);
    });

    it("counts user_management:read-write as allowing the member read", async () => {
      mockToken();
      mockSelf(selfBody({ scope: "record_permission:read-write user_management:read-write" }));
      mockMember();
      const response = await returnFromAttio(app(), 200);
      expect(response.body.user.profile.displayName).to.equal("Ada Lovelace");
    });

    for (const status of [403, 404]) {
      it(`degrades to the workspace profile when the member request answers ${status}`, async () => {
        mockToken();
        mockSelf();
        mockMember({ status_code: status, type: "invalid_request_error", code: "not_found", message: "No member" }, status);
        const response = await returnFromAttio(app(), 200);
        expect(response.body.user.profile).to.deep.include({ id: MEMBER_ID, displayName: "Acme Corp", accessLevel: "unknown" });
      });
    }

    it("uses the workspace id as the profile id when Attio names no member", async () => {
      mockToken();
      mockSelf(selfBody({ authorized_by_workspace_member_id: null }));
      const response = await returnFromAttio(app(), 200);
      expect(response.body.user.profile).to.deep.include({ id: WORKSPACE_ID, memberId: null, displayName: "Acme Corp" });
    });

    it("reads /v2/self and the member from a custom apiURL with a path prefix", async () => {
      mockToken();
      nock("https://gateway.example.com").get("/attio/v2/self").reply(200, selfBody());
      nock("https://gateway.example.com").get(`/attio/v2/workspace_members/${MEMBER_ID}`).reply(200, memberBody());
      const response = await returnFromAttio(app({ apiURL: "https://gateway.example.com/attio" }), 200);
      expect(response.body.user.profile.displayName).to.equal("Ada Lovelace");
    });

    it("posts to a custom tokenURL with customHeaders", async () => {
      let header: unknown;
      nock("https://gateway.example.com")
        .post("/oauth/token")
        .reply(function () {
          header = this.req.headers["x-tenant"];
          return [200, { access_token: ACCESS_TOKEN, token_type: "bearer" }];
        });
      mockSelf();
      mockMember();
      await returnFromAttio(app({ tokenURL: "https://gateway.example.com/oauth/token", customHeaders: { "X-Tenant": "t7" } }), 200);
      expect(header).to.equal("t7");
    });

    it("skipUserProfile: true still checks the grant with /v2/self but makes no member request and passes no profile", async () => {
      mockToken();
      mockSelf();
      const verify: AttioVerifyFunction = (_a: string, _r: unknown, _params: unknown, profile: unknown, done: AttioVerifyDone) =>
        done(null, { hasProfile: profile !== undefined });
      const response = await returnFromAttio(app({ skipUserProfile: true }, verify), 200);
      expect(response.body.user).to.deep.equal({ hasProfile: false });
    });

    it("skipUserProfile accepts a function, and passport-oauth2's callback form", async () => {
      const verify: AttioVerifyFunction = (_a: string, _r: unknown, _params: unknown, profile: unknown, done: AttioVerifyDone) =>
        done(null, { hasProfile: profile !== undefined });
      mockToken();
      mockSelf();
      const direct = await returnFromAttio(app({ skipUserProfile: async (token: string) => token === ACCESS_TOKEN }, verify), 200);
      expect(direct.body.user).to.deep.equal({ hasProfile: false });
      mockToken();
      mockSelf();
      mockMember();
      const viaCallback = await returnFromAttio(
        app({ skipUserProfile: (_token: string, done: (err: unknown, skip?: boolean) => void) => done(null, false) }, verify),
        200,
      );
      expect(viaCallback.body.user).to.deep.equal({ hasProfile: true });
    });

    it("makes exactly two requests to Attio without member enrichment and three with it", async () => {
      // Every interceptor is used once and nothing else is asked for (the afterEach hook checks unmatched requests).
      const withoutMember = [mockToken(), mockSelf(selfBody({ scope: "record_permission:read" }))];
      await returnFromAttio(app({ scope: ["record_permission:read"] }), 200);
      expect(withoutMember.every((scope) => scope.isDone())).to.equal(true);
      const withMember = [mockToken(), mockSelf(), mockMember()];
      await returnFromAttio(app({ scope: ["record_permission:read"] }), 200);
      expect(withMember.every((scope) => scope.isDone())).to.equal(true);
      expect(nock.pendingMocks()).to.deep.equal([]);
    });
  });

  describe("authentication failures (shown to the person)", () => {
    async function failureMessages(login: LoginApp, query?: (state: string) => string): Promise<string[]> {
      const response = await returnFromAttio(login, 302, query);
      expect(response.headers["location"]).to.equal("/failed");
      const page = await login.agent.get("/failed").expect(401);
      expectNoSecrets(JSON.stringify(page.body) + String(response.headers["location"]));
      return page.body.messages as string[];
    }

    it("fails with the missing scopes and where to set them", async () => {
      mockToken();
      mockSelf(selfBody({ scope: "record_permission:read" }));
      const [message] = await failureMessages(app({ scope: ["record_permission:read-write", "note:read", "user_management:read"] }));
      expect(message).to.equal(
        "The Attio app was not granted the scopes it needs: record_permission:read-write, note:read, user_management:read. " +
          "Scopes are set in the app's settings in Attio's developer dashboard; add them there, then sign in again.",
      );
    });

    it("fails when /v2/self reports the token inactive", async () => {
      mockToken();
      mockSelf({ active: false });
      const [message] = await failureMessages(app());
      expect(message).to.match(/inactive/);
    });

    it("treats a 401 from /v2/self as an inactive token", async () => {
      mockToken();
      mockSelf({ status_code: 401, type: "auth_error", code: "unauthorized", message: "Bad token" }, 401);
      expect((await failureMessages(app()))[0]).to.match(/inactive/);
    });

    it("fails when /v2/self names no workspace", async () => {
      mockToken();
      mockSelf(selfBody({ workspace_id: undefined }));
      expect((await failureMessages(app()))[0]).to.match(/which workspace/);
    });

    it("fails when the token was issued to another app", async () => {
      mockToken();
      mockSelf(selfBody({ client_id: "someone-else", aud: "someone-else" }));
      expect((await failureMessages(app()))[0]).to.match(/different app/);
    });

    it("fails when the person denies access in Attio", async () => {
      const [message] = await failureMessages(app(), (state) => `error=access_denied&error_description=nope&state=${state}`);
      expect(message).to.equal("Access to Attio was not granted, so you are not signed in.");
    });

    it("fails on a state that does not match the one stored", async () => {
      expect((await failureMessages(app(), () => `code=${AUTH_CODE}&state=forged`))[0]).to.equal(
        "This response from Attio does not belong to the sign-in in progress in this browser (a newer sign-in may have replaced it). Please sign in again.",
      );
    });

    it("consumes the state before checking it, so a replayed callback fails", async () => {
      const login = app();
      const authorize = await startLogin(login.agent);
      const state = authorize.searchParams.get("state");
      mockToken();
      mockSelf();
      mockMember();
      await login.agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${state}`).expect(200);
      const replay = await login.agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${state}`).expect(302);
      expect(replay.headers["location"]).to.equal("/failed");
    });

    it("fails a callback from another browser (no stored state)", async () => {
      const login = app();
      const authorize = await startLogin(login.agent);
      const stranger = app();
      const response = await stranger.agent
        .get(`/auth/attio/callback?code=${AUTH_CODE}&state=${authorize.searchParams.get("state")}`)
        .expect(302);
      expect(response.headers["location"]).to.equal("/failed");
      expect((await stranger.agent.get("/failed")).body.messages).to.deep.equal([
        "No sign-in in progress was found in this browser for this response from Attio: it expired, was used already, or began in another browser. Please sign in again.",
      ]);
    });

    for (const [name, query] of [
      ["a repeated code", (state: string) => `code=a&code=b&state=${state}`],
      ["a repeated state", (state: string) => `code=${AUTH_CODE}&state=${state}&state=${state}`],
      ["an oversized code", (state: string) => `code=${"x".repeat(5000)}&state=${state}`],
      ["an empty code", (state: string) => `code=&state=${state}`],
      ["a state without a code", (state: string) => `state=${state}`],
    ] as const) {
      it(`fails cleanly on ${name}, without calling Attio`, async () => {
        const messages = await failureMessages(app(), query);
        expect(messages[0]).to.match(/^The sign-in response from Attio (was malformed|had no authorization code)/);
      });
    }

    it("fails when the verify callback resolves false", async () => {
      mockToken();
      mockSelf();
      mockMember();
      const response = await returnFromAttio(
        app({}, async () => false),
        302,
      );
      expect(response.headers["location"]).to.equal("/failed");
    });

    it("passes a verify callback's info message through", async () => {
      mockToken();
      mockSelf();
      mockMember();
      const login = app({}, (_a: string, _r: unknown, _params: unknown, _profile: unknown, done: AttioVerifyDone) =>
        done(null, false, { message: "Your workspace is not on our plan." }),
      );
      await returnFromAttio(login, 302);
      expect((await login.agent.get("/failed")).body.messages).to.deep.equal(["Your workspace is not on our plan."]);
    });
  });

  describe("errors (faults, not the person's doing)", () => {
    async function errorOf(
      login: LoginApp,
      query?: (state: string) => string,
    ): Promise<{ name: string; code: string; status: number; message: string }> {
      const response = await returnFromAttio(login, 500, query);
      expectNoSecrets(response.text);
      return response.body.error;
    }

    it("turns an OAuth error body from the token endpoint into a TokenError", async () => {
      mockToken({ status: 400, body: { error: "invalid_request", error_description: `Code ${AUTH_CODE} is malformed` } });
      const error = await errorOf(app());
      expect(error).to.deep.equal({ name: "TokenError", code: "invalid_request", status: 400, message: "Code [redacted] is malformed" });
    });

    it("keeps invalid_grant from a token endpoint in trouble (HTTP 503) an error", async () => {
      mockToken({ status: 503, body: { error: "invalid_grant", error_description: "try later" } });
      expect(await errorOf(app())).to.deep.equal({ name: "TokenError", code: "invalid_grant", status: 503, message: "try later" });
    });

    it("reports a token endpoint answering HTML", async () => {
      nock("https://app.attio.com").post("/oauth/token").reply(502, "<html>Bad gateway</html>", { "content-type": "text/html" });
      expect(await errorOf(app())).to.deep.include({ name: "AttioRequestError", code: "ATTIO_HTTP_ERROR", status: 502 });
    });

    it("reports a 200 token response that is not JSON", async () => {
      nock("https://app.attio.com").post("/oauth/token").reply(200, "access_token=abc", { "content-type": "text/plain" });
      expect(await errorOf(app())).to.deep.include({ code: "ATTIO_RESPONSE_NOT_JSON", status: 200 });
    });

    it("reports a token response without an access token, or of another token type", async () => {
      mockToken({ body: { token_type: "Bearer" } });
      expect((await errorOf(app())).message).to.equal(`Attio's token response has no "access_token".`);
      mockToken({ body: { access_token: ACCESS_TOKEN, token_type: "mac" } });
      expect((await errorOf(app())).code).to.equal("ATTIO_RESPONSE_INVALID");
    });

    it("surfaces Attio's error body from /v2/self", async () => {
      mockToken();
      mockSelf({ status_code: 500, type: "api_error", code: "internal", message: "Something broke" }, 500);
      expect(await errorOf(app())).to.deep.equal({
        name: "AttioRequestError",
        code: "ATTIO_HTTP_ERROR",
        status: 500,
        message: "Attio's /v2/self endpoint answered HTTP 500: Something broke",
      });
    });

    it("reports a member request failing with 500 rather than hiding it", async () => {
      mockToken();
      mockSelf();
      mockMember({ message: "oops" }, 500);
      expect(await errorOf(app())).to.deep.include({ code: "ATTIO_HTTP_ERROR", status: 500 });
    });

    it("rejects a member response about another member", async () => {
      mockToken();
      mockSelf();
      mockMember(memberBody({ id: { workspace_id: WORKSPACE_ID, workspace_member_id: "other" } }));
      expect((await errorOf(app())).code).to.equal("ATTIO_RESPONSE_INVALID");
    });

    it("reports /v2/self without a scope list when scopes are required", async () => {
      mockToken();
      mockSelf(selfBody({ scope: undefined }));
      expect((await errorOf(app())).message).to.match(/does not list the granted scopes/);
    });

    it("accepts /v2/self without a scope list when no scope is required", async () => {
      mockToken();
      mockSelf(selfBody({ scope: undefined }));
      const response = await returnFromAttio(app({ scope: undefined }), 200);
      expect(response.body.user.profile.scopes).to.deep.equal([]);
    });

    it("reports a wrongly typed /v2/self field", async () => {
      mockToken();
      mockSelf(selfBody({ workspace_name: 42 }));
      expect((await errorOf(app())).message).to.equal(`The "workspace_name" field of Attio's /v2/self response is not a string.`);
    });

    it("turns other OAuth errors on the callback into an AuthorizationError", async () => {
      const error = await errorOf(app(), (state) => `error=server_error&error_description=Try%20later&state=${state}`);
      expect(error).to.deep.equal({ name: "AuthorizationError", code: "server_error", status: 502, message: "Try later" });
    });

    it("reports a verify callback that rejects or throws", async () => {
      for (const verify of [
        async () => Promise.reject(new Error("database down")),
        (() => {
          throw new Error("database down");
        }) as unknown as AttioVerifyFunction,
      ]) {
        mockToken();
        mockSelf();
        mockMember();
        expect((await errorOf(app({}, verify as AttioVerifyFunction))).message).to.equal("database down");
      }
    });

    it("reports a connection reset by the API", async () => {
      mockToken();
      // What node's socket layer raises: an Error carrying the code.
      nock(API_ORIGIN)
        .get("/v2/self")
        .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
      expect(await errorOf(app())).to.deep.include({
        code: "ATTIO_NETWORK_ERROR",
        message: "Could not reach Attio's /v2/self endpoint (ECONNRESET).",
      });
    });
  });
});
