/**
 * A relative `callbackURL` resolves against the request as each framework sees
 * it: no crash on Fastify (passport-oauth2 reads `req.connection`), https behind
 * a TLS-terminating proxy when `proxy: true` or the framework's own trust-proxy
 * setting says to believe X-Forwarded-Proto, and never when nothing does.
 */
import { expect } from "chai";
import { CookieStateStore } from "../../src";
import { isolateNetwork } from "../helpers/attio";
import { FRAMEWORKS, FrameworkAppOptions, FrameworkName, rawGet, startFrameworkApp } from "../helpers/framework-apps";
import type { Listening } from "../../harness/server";
import { testStrategy } from "../../harness/strategy";

const SECRET = "cookie-secret-0123456789abcdefghijklmnop";
const FORWARDED = { "x-forwarded-proto": "https", "x-forwarded-host": "app.example.com" };

describe("a relative callbackURL, on each framework", () => {
  isolateNetwork();
  const running: Listening[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((app) => app.close()));
  });

  async function start(framework: FrameworkName, proxy: boolean, options: FrameworkAppOptions = {}) {
    const strategy = testStrategy({ callbackURL: "/auth/attio/callback", proxy, store: new CookieStateStore({ secret: SECRET }) });
    const app = await startFrameworkApp(framework, strategy, options);
    running.push(app);
    return app;
  }

  async function redirectURI(app: Listening, headers: Record<string, string>): Promise<string | null> {
    const answer = await rawGet(app, "/auth/attio?next=%2F", headers);
    expect(answer.status, answer.body).to.equal(302);
    return new URL(answer.location ?? "").searchParams.get("redirect_uri");
  }

  for (const framework of FRAMEWORKS) {
    describe(framework, () => {
      it("resolves against the Host header, over http", async () => {
        const app = await start(framework, false);
        expect(await redirectURI(app, { host: "localhost:3000" })).to.equal("http://localhost:3000/auth/attio/callback");
      });

      it("ignores X-Forwarded-* when neither proxy: true nor the framework trusts a proxy", async () => {
        const app = await start(framework, false);
        expect(await redirectURI(app, { host: "internal:8080", ...FORWARDED })).to.equal("http://internal:8080/auth/attio/callback");
      });

      it("with proxy: true, uses the first X-Forwarded-Proto and X-Forwarded-Host", async () => {
        const app = await start(framework, true);
        const headers = { host: "internal:8080", "x-forwarded-proto": "https, http", "x-forwarded-host": "app.example.com, other" };
        expect(await redirectURI(app, headers)).to.equal("https://app.example.com/auth/attio/callback");
      });

      for (const forwardedHost of ["evil.example/phish?", "user@evil.example", "example.com:99999", "[:::::]", "exämple.com"]) {
        it(`fails the sign-in with 400, and sends no one anywhere, for the host ${JSON.stringify(forwardedHost)}`, async () => {
          const app = await start(framework, true);
          const answer = await rawGet(app, "/auth/attio", { host: "internal", "x-forwarded-host": forwardedHost });
          expect(answer.status, answer.body).to.equal(400);
          expect(answer.location).to.equal(undefined);
          expect(answer.setCookie).to.deep.equal([]);
        });
      }
    });
  }

  for (const framework of ["express", "fastify", "koa"] as const) {
    it(`${framework}: the framework's own trust-proxy setting makes X-Forwarded-Proto count`, async () => {
      const app = await start(framework, false, { trustProxy: true });
      expect(await redirectURI(app, { host: "internal:8080", ...FORWARDED })).to.equal("https://app.example.com/auth/attio/callback");
    });
  }

  it("express: `trust proxy` names the hops it trusts; a request from another address is not believed", async () => {
    const app = await start("express", false, { trustProxy: "10.0.0.1" });
    expect(await redirectURI(app, { host: "internal:8080", ...FORWARDED })).to.equal("http://internal:8080/auth/attio/callback");
  });

  it("fastify: `trustProxy` naming loopback is believed for a request from loopback", async () => {
    const app = await start("fastify", false, { trustProxy: "127.0.0.1" });
    expect(await redirectURI(app, { host: "internal:8080", ...FORWARDED })).to.equal("https://app.example.com/auth/attio/callback");
  });

  it("express: each Host gets its own URL, however many hosts come and in whatever order", async () => {
    const app = await start("express", false);
    const hosts = [...Array.from({ length: 300 }, (_, i) => `host-${i}.example:3000`), "localhost:3000", "host-7.example:3000"];
    for (const host of hosts) {
      expect(await redirectURI(app, { host })).to.equal(`http://${host}/auth/attio/callback`);
    }
    expect(await redirectURI(app, { host: "localhost:3000", "x-forwarded-proto": "https" })).to.equal(
      "http://localhost:3000/auth/attio/callback",
    );
  });

  it("express: a callbackURL without a leading slash resolves against the request's path", async () => {
    const strategy = testStrategy({ callbackURL: "attio/callback?from=relative", store: new CookieStateStore({ secret: SECRET }) });
    const app = await startFrameworkApp("express", strategy, {});
    running.push(app);
    expect(await redirectURI(app, { host: "localhost:3000" })).to.equal("http://localhost:3000/auth/attio/callback?from=relative");
  });
});
