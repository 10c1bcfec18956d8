import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import type { Request } from "express";
import { expect } from "chai";
import { AttioConfigError, CookieStateStore } from "../../src";
import type { CookieStateStoreOptions } from "../../src";
import { isolateNetwork } from "../helpers/attio";
import { mockAttioUsers, SeenTokenRequests, userCode, userMember } from "../helpers/attio-users";
import { authApp, AuthAppOptions } from "../helpers/auth-app";
import { Browser, StoredCookie } from "../helpers/browser";
import { beginLogin, finishLogin } from "../helpers/login-steps";
import { listen, Listening } from "../../harness/server";
import { testStrategy } from "../../harness/strategy";

const SECRET = "cookie-secret-0123456789abcdefghijklmnop";
const OTHER_SECRET = "another-secret-0123456789abcdefghijklmno";

describe("CookieStateStore", () => {
  isolateNetwork();
  let seen: SeenTokenRequests;
  beforeEach(() => (seen = mockAttioUsers(20)));

  const running: Listening[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((app) => app.close()));
  });

  async function start(storeOptions: Partial<CookieStateStoreOptions> = {}, appOptions: AuthAppOptions = {}, strategyOptions = {}) {
    const store = new CookieStateStore({ secret: SECRET, ...storeOptions });
    const app = await listen(authApp(testStrategy({ store, ...strategyOptions }), appOptions));
    running.push(app);
    return app.server;
  }

  function stateCookies(browser: Browser): StoredCookie[] {
    return browser.cookies().filter((cookie) => cookie.name.startsWith("attio_state."));
  }

  function onlyCookie(browser: Browser): StoredCookie {
    const cookies = stateCookies(browser);
    expect(cookies).to.have.length(1);
    return cookies[0] as StoredCookie;
  }

  describe("in an app with no session middleware", () => {
    it("signs in with passport.authenticate('attio', { session: false })", async () => {
      const server = await start({}, { plain: true });
      const browser = new Browser();
      const { state } = await beginLogin(browser, server);
      const response = await finishLogin(browser, server, userCode(1), state);
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal({
        user: { id: userMember(1), name: "User 1", workspace: "14beef7a-99f7-4534-a87e-70b564330a4c" },
      });
      expect(browser.cookies().map((cookie) => cookie.name)).to.deep.equal([], "no cookie is left behind");
    });

    it("fails authentication (passport's 403) when the state cookie is missing", async () => {
      const server = await start({}, { plain: true });
      const browser = new Browser();
      const { state } = await beginLogin(browser, server);
      browser.clear();
      const response = await finishLogin(browser, server, userCode(1), state);
      expect(response.status).to.equal(403);
      expect(seen.size).to.equal(0, "no token request without a verified state");
    });

    it("is needed there: without a session, the default store's error names CookieStateStore", async () => {
      const app = await listen(authApp(testStrategy()));
      running.push(app);
      const response = await new Browser().get(app.server, "/auth/attio");
      expect(response.status).to.equal(502);
      expect(JSON.parse(response.text)).to.deep.equal({
        error: {
          name: "AttioConfigError",
          code: "ATTIO_INVALID_OPTIONS",
          message:
            "AttioStrategy: this request has no session (req.session is undefined), and without the `store` option the login state " +
            "is kept in the session. Add session middleware (such as express-session) before passport, or keep the login state in a " +
            "cookie instead, which needs no session: `store: new CookieStateStore({ secret })`.",
        },
      });
    });
  });

  describe("the cookie", () => {
    it("is sealed, HttpOnly, SameSite=Lax, Secure, scoped to the path the login and its callback share, and lasts 10 minutes", async () => {
      const server = await start();
      const browser = new Browser();
      const { state } = await beginLogin(browser, server);
      const cookie = onlyCookie(browser);
      expect(cookie.name).to.match(/^attio_state\.[A-Za-z0-9_-]{22}$/);
      expect(cookie.raw).to.equal(`${cookie.name}=${cookie.value}; Path=/auth/attio; Max-Age=600; HttpOnly; SameSite=Lax; Secure`);
      await finishLogin(browser, server, userCode(2), state);
      const verifier = seen.get(userCode(2))?.verifier ?? "";
      expect(verifier).to.have.length.greaterThanOrEqual(43);
      for (const readable of [cookie.name, cookie.value, Buffer.from(cookie.value, "base64url").toString("latin1")]) {
        expect(readable).not.to.include(state);
        expect(readable).not.to.include(verifier);
      }
    });

    it("has no Secure attribute for an http callback, unless the secure option says so", async () => {
      const relative = { callbackURL: "/auth/attio/callback" };
      const plainHttp = new Browser();
      await beginLogin(plainHttp, await start({}, {}, relative));
      expect(onlyCookie(plainHttp).raw).not.to.match(/Secure/);
      const forced = new Browser();
      await beginLogin(forced, await start({ secure: true }, {}, relative));
      expect(onlyCookie(forced).raw).to.match(/; Secure$/);
      const off = new Browser();
      await beginLogin(off, await start({ secure: false }));
      expect(onlyCookie(off).raw).not.to.match(/Secure/);
    });

    it("lives as long as maxAge says", async () => {
      const browser = new Browser();
      await beginLogin(browser, await start({ maxAge: 90_500 }));
      expect(onlyCookie(browser).raw).to.include("; Max-Age=91;");
    });

    it("is deleted by the callback, so the same response cannot sign in twice", async () => {
      const server = await start();
      const browser = new Browser();
      const { state } = await beginLogin(browser, server);
      const name = onlyCookie(browser).name;
      const first = await finishLogin(browser, server, userCode(3), state);
      expect(first.status).to.equal(200);
      expect(first.headers["set-cookie"]).to.deep.equal([
        `${name}=; Path=/auth/attio; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure`,
      ]);
      const again = await finishLogin(browser, server, userCode(3), state);
      expect(again.status).to.equal(401);
      expect(again.body.failure).to.match(/^No sign-in in progress was found in this browser/);
    });

    it("refuses a copy of a used cookie replayed to the same instance", async () => {
      const server = await start();
      const browser = new Browser();
      const { state } = await beginLogin(browser, server);
      const copy = onlyCookie(browser);
      expect((await finishLogin(browser, server, userCode(4), state)).status).to.equal(200);
      browser.put(copy);
      const replay = await finishLogin(browser, server, userCode(4), state);
      expect(replay.status).to.equal(401);
      expect(replay.body.failure).to.equal("This response from Attio was already used to sign in. Please sign in again.");
    });
  });

  describe("logins in flight", () => {
    it("lets two tabs sign in, finished in either order", async () => {
      const server = await start();
      const browser = new Browser();
      const first = await beginLogin(browser, server);
      const second = await beginLogin(browser, server);
      expect(stateCookies(browser)).to.have.length(2);
      expect((await finishLogin(browser, server, userCode(6), second.state)).body.user.id).to.equal(userMember(6));
      expect((await finishLogin(browser, server, userCode(5), first.state)).body.user.id).to.equal(userMember(5));
      expect(stateCookies(browser)).to.have.length(0);
    });

    it("keeps at most maxPending logins when one starts, dropping the oldest", async () => {
      const server = await start({ maxPending: 3 });
      const browser = new Browser();
      const logins = [];
      for (let i = 0; i < 5; i++) logins.push(await beginLogin(browser, server));
      expect(stateCookies(browser)).to.have.length(3);
      expect((await finishLogin(browser, server, userCode(4), logins[4]?.state ?? "")).status).to.equal(200);
      expect(stateCookies(browser)).to.have.length(2);
      const outcomes = [];
      for (const [i, login] of logins.slice(0, 4).entries())
        outcomes.push((await finishLogin(browser, server, userCode(i), login.state)).status);
      expect(outcomes).to.deep.equal([401, 401, 200, 200]);
    });

    it("survives a flood: 90 sign-ins started by another site leave a Cookie header far under 8 KB, and the next sign-in works", async () => {
      const server = await start();
      const browser = new Browser();
      for (let i = 0; i < 90; i++) await beginLogin(browser, server);
      const header = stateCookies(browser)
        .map((cookie) => `${cookie.name}=${cookie.value}`)
        .join("; ");
      expect(stateCookies(browser)).to.have.length(10);
      expect(header.length).to.be.below(4096);
      const { state } = await beginLogin(browser, server);
      expect((await finishLogin(browser, server, userCode(12), state)).status).to.equal(200);
    });

    it("keeps the login cookies within 4 KB in all, however large the app's state", async () => {
      const server = await start({}, { startOptions: { state: { returnTo: `/${"r".repeat(1500)}` } } });
      const browser = new Browser();
      const logins = [];
      for (let i = 0; i < 5; i++) logins.push(await beginLogin(browser, server));
      const total = stateCookies(browser).reduce((sum, cookie) => sum + cookie.name.length + cookie.value.length + 3, 0);
      expect(total).to.be.at.most(4096);
      expect((await finishLogin(browser, server, userCode(13), logins[4]?.state ?? "")).status).to.equal(200);
    });

    it("deletes the browser's expired login cookies when a callback arrives", async () => {
      const server = await start({ maxAge: 1 });
      const browser = new Browser();
      await beginLogin(browser, server);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await finishLogin(browser, server, userCode(1), "some-other-state");
      expect(stateCookies(browser)).to.have.length(0);
    });

    it("keeps the app's own state object through the round trip", async () => {
      const server = await start({}, { startOptions: { state: { returnTo: "/reports" } } });
      const browser = new Browser();
      const { state } = await beginLogin(browser, server);
      const response = await finishLogin(browser, server, userCode(7), state);
      expect(response.body.state).to.deep.equal({ returnTo: "/reports" });
    });

    it("refuses an app state that is not JSON with a typed error", async () => {
      const server = await start({}, { startOptions: { state: { big: 1n } } });
      const response = await new Browser().get(server, "/auth/attio");
      expect(response.status).to.equal(502);
      expect(response.body.error).to.include({ name: "AttioConfigError", code: "ATTIO_INVALID_OPTIONS" });
    });

    it("works with PKCE off: no verifier is sent", async () => {
      const server = await start({}, {}, { pkce: false });
      const browser = new Browser();
      const { state, authorizeURL } = await beginLogin(browser, server);
      expect(authorizeURL.searchParams.has("code_challenge")).to.equal(false);
      expect((await finishLogin(browser, server, userCode(8), state)).status).to.equal(200);
      expect(seen.get(userCode(8))).to.deep.equal({ verifier: undefined });
    });
  });

  describe("refuses, with a message that says why", () => {
    async function begun(storeOptions: Partial<CookieStateStoreOptions> = {}) {
      const server = await start(storeOptions);
      const browser = new Browser();
      const { state } = await beginLogin(browser, server);
      return { server, browser, state, cookie: onlyCookie(browser) };
    }

    const INVALID = "The sign-in state cookie could not be verified (it was altered, or sealed with another secret). Please sign in again.";

    for (const [what, alter] of [
      ["one character changed", (value: string) => value.slice(0, 30) + (value[30] === "A" ? "B" : "A") + value.slice(31)],
      ["truncated", (value: string) => value.slice(0, -4)],
      ["emptied", () => ""],
      ["padded", (value: string) => `${value}==`],
      ["not base64url", (value: string) => value.replace(/.$/, "!")],
    ] as const) {
      it(`a cookie ${what}`, async () => {
        const { server, browser, state, cookie } = await begun();
        browser.put({ ...cookie, value: alter(cookie.value) });
        const response = await finishLogin(browser, server, userCode(9), state);
        expect(response.body).to.deep.equal({ failure: INVALID, code: "ATTIO_STATE_INVALID" });
        expect(seen.size).to.equal(0);
      });
    }

    it("another login's cookie moved under this login's name", async () => {
      const server = await start();
      const browser = new Browser();
      const { state } = await beginLogin(browser, server);
      const [mine] = stateCookies(browser);
      await beginLogin(browser, server);
      const theirs = stateCookies(browser).find((cookie) => cookie.name !== mine?.name);
      browser.put({ name: mine?.name ?? "", path: "/auth/attio", value: theirs?.value ?? "" });
      expect((await finishLogin(browser, server, userCode(9), state)).body).to.deep.equal({
        failure: INVALID,
        code: "ATTIO_STATE_INVALID",
      });
    });

    it("a cookie sealed with a secret this server does not have, saying so", async () => {
      const { browser, state } = await begun({ secret: OTHER_SECRET });
      const server = await start();
      expect((await finishLogin(browser, server, userCode(9), state)).body).to.deep.equal({
        failure:
          "The sign-in state cookie was sealed with a secret this server does not have: during a rotation, every server must read a new secret before any seals with it. Please sign in again.",
        code: "ATTIO_STATE_KEY_UNKNOWN",
      });
    });

    it("a cookie from another app that shares the secret", async () => {
      const { browser, state } = await begun();
      const otherApp = await start({}, {}, { clientID: "another-client-id" });
      expect((await finishLogin(browser, otherApp, userCode(9), state)).body).to.deep.equal({
        failure: INVALID,
        code: "ATTIO_STATE_INVALID",
      });
    });

    it("an expired cookie, even when the browser still sends it", async () => {
      const { server, browser, state } = await begun({ maxAge: 1 });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const response = await finishLogin(browser, server, userCode(9), state);
      expect(response.body).to.deep.equal({
        failure: "The sign-in took longer than 1 second and expired. Please sign in again.",
        code: "ATTIO_STATE_EXPIRED",
      });
    });

    it("a state from another browser", async () => {
      const { server, state } = await begun();
      const response = await finishLogin(new Browser(), server, userCode(9), state);
      expect(response.body.failure).to.match(/^No sign-in in progress was found in this browser for this response from Attio/);
    });

    it("a callback without a state", async () => {
      const { server, browser } = await begun();
      const response = await browser.get(server, `/auth/attio/callback?code=${userCode(9)}`);
      expect(response.body).to.deep.equal({
        failure: "The sign-in response from Attio had no state, so it cannot be matched to a sign-in in progress. Please sign in again.",
        code: "ATTIO_STATE_MISSING",
      });
    });
  });

  describe("the __Host- mode", () => {
    it("names the cookie __Host-…, with Path=/ and Secure, and signs in", async () => {
      const server = await start({ hostPrefix: true }, {}, { callbackURL: "/auth/attio/callback" });
      const browser = new Browser();
      const { state } = await beginLogin(browser, server);
      const [cookie, ...others] = browser.cookies();
      expect(others).to.deep.equal([]);
      expect(cookie?.name).to.match(/^__Host-attio_state\.[A-Za-z0-9_-]{22}$/);
      expect(cookie?.raw).to.match(/; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);
      expect((await finishLogin(browser, server, userCode(14), state)).status).to.equal(200);
    });

    it("ignores a cookie of the same name without the prefix, as a sibling subdomain could set", async () => {
      const server = await start({ hostPrefix: true });
      const attacker = new Browser();
      const { state } = await beginLogin(attacker, server);
      const planted = attacker.cookies()[0];
      const victim = new Browser();
      victim.put({ name: (planted?.name ?? "").replace(/^__Host-/, ""), path: "/", value: planted?.value ?? "" });
      const response = await finishLogin(victim, server, userCode(15), state);
      expect(response.body.failure).to.match(/^No sign-in in progress was found in this browser/);
    });

    it("refuses hostPrefix with secure: false", () => {
      expect(() => new CookieStateStore({ secret: SECRET, hostPrefix: true, secure: false })).to.throw(AttioConfigError, /__Host-/);
    });
  });

  describe("secret rotation", () => {
    it("opens cookies sealed with any listed secret and seals with the first", async () => {
      const { browser, state } = await (async () => {
        const server = await start({ secret: OTHER_SECRET });
        const b = new Browser();
        return { browser: b, ...(await beginLogin(b, server)) };
      })();
      const rotated = await start({ secret: [SECRET, OTHER_SECRET] });
      expect((await finishLogin(browser, rotated, userCode(10), state)).status).to.equal(200);
      const { state: newer } = await beginLogin(browser, rotated);
      const newOnly = await start({ secret: [SECRET] });
      expect((await finishLogin(browser, newOnly, userCode(11), newer)).status).to.equal(200);
    });
  });

  describe("options", () => {
    const build = (options: unknown) => () => new CookieStateStore(options as CookieStateStoreOptions);

    it("requires a secret of at least 32 characters, without quoting it", () => {
      const short = "short-secret-123";
      expect(build({ secret: short })).to.throw(AttioConfigError, /"secret" must be at least 32 characters long \(one given has 16\)/);
      try {
        build({ secret: [SECRET, short] })();
      } catch (err) {
        expect((err as Error).message).not.to.include(short);
      }
      expect(build({})).to.throw(AttioConfigError, /"secret" is required/);
      expect(build({ secret: [] })).to.throw(AttioConfigError, /"secret" is required/);
      expect(build({ secret: [SECRET, 42] })).to.throw(AttioConfigError, /every "secret" must be a string/);
      expect(build(null)).to.throw(AttioConfigError, /options must be an object/);
    });

    it("checks the other options", () => {
      expect(build({ secret: SECRET, maxage: 1000 })).to.throw(AttioConfigError, /unknown option "maxage". Did you mean maxAge\?/);
      expect(build({ secret: SECRET, maxAge: 0 })).to.throw(AttioConfigError, /"maxAge" must be a whole number of milliseconds/);
      expect(build({ secret: SECRET, maxAge: 1.5 })).to.throw(AttioConfigError, /"maxAge"/);
      expect(build({ secret: SECRET, maxPending: 51 })).to.throw(AttioConfigError, /"maxPending"/);
      expect(build({ secret: SECRET, name: "bad name" })).to.throw(AttioConfigError, /"name" must be a cookie name/);
      expect(build({ secret: SECRET, secure: "yes" })).to.throw(AttioConfigError, /"secure" must be a boolean/);
      expect(build({ secret: SECRET, name: "my_login", secure: undefined })).not.to.throw();
    });

    it("uses the cookie name given", async () => {
      const browser = new Browser();
      await beginLogin(browser, await start({ name: "my_login" }));
      expect(browser.cookies().map((cookie) => cookie.name)).to.satisfy(
        (names: string[]) => names.length === 1 && names[0]?.startsWith("my_login."),
      );
    });

    it("reports a clear error when the response is not at req.res", () => {
      const store = new CookieStateStore({ secret: SECRET });
      const bare = { headers: { cookie: "attio_state.x=y" } } as unknown as Request;
      const errors: unknown[] = [];
      store.store(bare, "verifier", undefined, { callbackURL: "https://app.example.com/cb" }, (err) => errors.push(err));
      store.verify(bare, "some-state", { callbackURL: "https://app.example.com/cb" }, (err) => errors.push(err));
      expect(errors).to.have.length(2);
      for (const err of errors) {
        expect(err).to.be.instanceOf(AttioConfigError);
        expect((err as Error).message).to.match(/req\.res/);
      }
    });

    describe("called directly", () => {
      function exchange(): { req: Request; cookies: () => string[] } {
        const req = new IncomingMessage(new Socket()) as Request;
        const res = new ServerResponse(req);
        Object.assign(req, { res });
        return { req, cookies: () => (res.getHeader("set-cookie") as string[] | undefined) ?? [] };
      }
      const store = new CookieStateStore({ secret: SECRET });

      for (const [meta, path] of [
        [{ callbackURL: "https://app.example.com/auth/attio/callback" }, "/"],
        [{ callbackURL: "https://app.example.com/a;b/callback" }, "/"],
        [{ callbackURL: "not a URL" }, "/"],
        [undefined, "/"],
      ] as const) {
        it(`scopes the cookie to ${path} for a login at / and a callback URL of ${JSON.stringify(meta?.callbackURL)}`, () => {
          const { req, cookies } = exchange();
          store.store(req, "verifier", undefined, meta, (err) => expect(err).to.equal(null));
          expect(cookies()[0]).to.include(`; Path=${path}; `);
        });
      }

      it("refuses to verify without passport-oauth2's meta", () => {
        const { req } = exchange();
        let error: Error | null = null;
        store.verify(req, "some-state", (err) => (error = err));
        expect(error)
          .to.be.instanceOf(AttioConfigError)
          .with.property("message")
          .that.match(/needs the `meta`/);
      });

      it("refuses an app state too large for a cookie", () => {
        const { req, cookies } = exchange();
        let error: Error | null = null;
        store.store(req, "verifier", { big: "x".repeat(4000) }, {}, (err) => (error = err));
        expect(error)
          .to.be.instanceOf(AttioConfigError)
          .with.property("message")
          .that.match(/too large for a cookie/);
        expect(cookies()).to.deep.equal([]);
      });
    });
  });
});
