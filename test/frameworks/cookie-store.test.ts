/**
 * CookieStateStore, unmodified, on each framework's Passport integration: it
 * finds the response from the request the framework passes (Express's req.res,
 * koa-passport's ctx, the Node response serving Fastify's request.raw).
 */
import { expect } from "chai";
import { Authenticator } from "@fastify/passport";
import fastifySecureSession from "@fastify/secure-session";
import Fastify from "fastify";
import { randomBytes } from "node:crypto";
import { CookieStateStore } from "../../src";
import { isolateNetwork } from "../helpers/attio";
import { mockAttioUsers, userCode, userMember } from "../helpers/attio-users";
import { FRAMEWORKS, rawGet, RawResponse, startFrameworkApp } from "../helpers/framework-apps";
import type { Listening } from "../../harness/server";
import { testStrategy } from "../../harness/strategy";

const SECRET = "cookie-secret-0123456789abcdefghijklmnop";

/** The Cookie header a browser would send back: the name=value of each Set-Cookie. */
function cookiesOf(response: RawResponse): string {
  return response.setCookie.map((line) => line.split(";")[0]).join("; ");
}

describe("CookieStateStore on each framework", () => {
  isolateNetwork();
  beforeEach(() => mockAttioUsers(5));
  const running: Listening[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((app) => app.close()));
  });

  for (const framework of FRAMEWORKS) {
    it(`${framework}: sets the state cookie, signs in once, and refuses the same callback again`, async () => {
      const app = await startFrameworkApp(framework, testStrategy({ store: new CookieStateStore({ secret: SECRET }) }));
      running.push(app);
      const host = new URL(app.origin).host;
      const begin = await rawGet(app, "/auth/attio", { host });
      expect(begin.status, begin.body).to.equal(302);
      expect(begin.setCookie).to.have.length(1);
      expect(begin.setCookie[0]).to.match(
        /^attio_state\.[\w-]{22}=[\w-]{8}\.[\w-]+; Path=\/auth\/attio; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
      );
      const state = new URL(begin.location ?? "").searchParams.get("state") ?? "";
      const callback = `/auth/attio/callback?${new URLSearchParams({ code: userCode(1), state }).toString()}`;
      const signedIn = await rawGet(app, callback, { host, cookie: cookiesOf(begin) });
      expect(signedIn.status, signedIn.body).to.equal(200);
      expect(JSON.parse(signedIn.body)).to.deep.include({
        user: { id: userMember(1), name: "User 1", workspace: "14beef7a-99f7-4534-a87e-70b564330a4c" },
      });
      expect(
        signedIn.setCookie.some((line) => /^attio_state\.[\w-]{22}=; .*Max-Age=0/.test(line)),
        "the cookie is deleted",
      ).to.equal(true);
      const replayed = await rawGet(app, callback, { host, cookie: cookiesOf(begin) });
      expect(replayed.status, replayed.body).to.equal(401);
      expect(JSON.parse(replayed.body)).to.deep.equal({
        message: "This response from Attio was already used to sign in. Please sign in again.",
      });
    });
  }

  it("fastify.inject() gives no response to set the cookie on: a typed error that says so", async () => {
    const passport = new Authenticator();
    passport.use("attio", testStrategy({ store: new CookieStateStore({ secret: SECRET }) }));
    const app = Fastify();
    await app.register(fastifySecureSession, { key: randomBytes(32) });
    await app.register(passport.initialize());
    app.get(
      "/auth/attio",
      passport.authenticate("attio", { session: false }, async (_request, reply, err) => {
        await reply.code(500).send({ name: (err as Error).name, message: (err as Error).message });
      }),
    );
    const response = await app.inject("/auth/attio");
    await app.close();
    expect(response.json()).to.deep.equal({
      name: "AttioConfigError",
      message:
        "CookieStateStore: found no response to set its cookie on (Express's req.res, Koa's ctx.res, or the Node response serving Fastify's request.raw over HTTP/1.1; fastify.inject() has none).",
    });
  });
});
