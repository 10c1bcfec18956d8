/**
 * What a login must prove before it trusts the browser's callback and Attio's
 * answers: every callback source checked, an RFC 9207 issuer that is Attio's,
 * records safe to spread, suspended members refused unless allowed.
 */
import { expect } from "chai";
import express, { NextFunction, Request, Response } from "express";
import session from "express-session";
import nock from "nock";
import { Passport } from "passport";
import request from "supertest";
import { inspect } from "node:util";
import { AttioStateStore, AttioStrategy, AttioStrategyOptions, AttioVerifyAsync, checkAccessToken } from "../src";
import { API_ORIGIN, isolateNetwork, mockMember, mockSelf, mockToken } from "./helpers/attio";
import { startLogin } from "./helpers/app";
import { ACCESS_TOKEN, AUTH_CODE, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, MEMBER_ID, memberBody, selfBody } from "../harness/fixtures";

const BASE: AttioStrategyOptions = {
  clientID: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  callbackURL: CALLBACK_URL,
  scope: ["record_permission:read", "user_management:read"],
};
const returnProfile: AttioVerifyAsync = async (_accessToken, _refreshToken, _params, profile) => ({ profile });

/** An app whose callback answers what passport reported: the user, the failure's info, or the error's fields. */
function reportingApp(options: Partial<AttioStrategyOptions> = {}) {
  const passport = new Passport();
  passport.use(new AttioStrategy({ ...BASE, ...options }, returnProfile));
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(session({ secret: "test-session-secret", resave: false, saveUninitialized: false }));
  app.use(passport.initialize());
  const finish = (req: Request, res: Response, next: NextFunction) =>
    (
      passport.authenticate("attio", { session: false }, (err: (Error & Record<string, unknown>) | null, user: unknown, info: unknown) => {
        if (err) return void res.status(500).json({ error: { name: err.name, code: err["code"], uri: err["uri"], message: err.message } });
        if (!user) return void res.status(401).json({ info });
        res.json({ user });
      }) as express.Handler
    )(req, res, next);
  app.get("/auth/attio", passport.authenticate("attio", { session: false }));
  app.get("/auth/attio/callback", finish);
  app.post("/auth/attio/callback", finish);
  return request.agent(app);
}

/** A store that records every state it is asked to verify. */
function recordingStore(): AttioStateStore & { readonly seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    store: (_req, _verifier, _state, _meta, callback) => callback(null, "handle-0123456789"),
    verify: (_req, providedState, callback) => {
      seen.push(providedState);
      callback(null, false, { message: "no such login" });
    },
  };
}

describe("what a login must prove", () => {
  isolateNetwork();

  describe("the callback, from every source passport-oauth2 reads", () => {
    const HUGE = "x".repeat(90_000);
    const BODIES: readonly [string, string, string][] = [
      ["an empty query state and a huge body state", "?code=abc&state=", `state=${HUGE}`],
      ["an empty query state and a repeated body state", "?code=abc&state=", "state=a&state=b"],
      ["no query state and a huge body state", "?code=abc", `state=${HUGE}`],
      ["an empty query code and a repeated body code", "?code=&state=s", "code=a&code=b"],
      ["a good query and a repeated body state", "?code=abc&state=s", "state=a&state=b"],
    ];
    for (const [name, query, body] of BODIES) {
      it(`refuses ${name} before any store sees it`, async () => {
        const store = recordingStore();
        const response = await reportingApp({ store }).post(`/auth/attio/callback${query}`).type("form").send(body).expect(401);
        expect(response.body.info.message).to.match(/malformed/);
        expect(store.seen).to.deep.equal([]);
      });
    }

    it("counts an empty state as missing, and takes a body state only when it is a short string", async () => {
      const store = recordingStore();
      await reportingApp({ store }).post("/auth/attio/callback?code=abc&state=").type("form").send("state=from-the-body").expect(401);
      expect(store.seen).to.deep.equal(["from-the-body"]);
    });
  });

  describe("an RFC 9207 iss parameter", () => {
    for (const iss of ["https://evil.example", "attio.com.evil.example", "https://app.attio.com.evil", " attio.com"]) {
      it(`refuses iss=${JSON.stringify(iss)} before the code is exchanged`, async () => {
        const agent = reportingApp();
        const state = (await startLogin(agent)).searchParams.get("state") ?? "";
        const response = await agent
          .get(`/auth/attio/callback?code=${AUTH_CODE}&state=${state}&iss=${encodeURIComponent(iss)}`)
          .expect(401);
        expect(response.body.info).to.deep.equal({
          message: "The sign-in response names an issuer other than Attio, so it was refused. Please try signing in again.",
          code: "ATTIO_WRONG_ISSUER",
        });
      });
    }

    for (const iss of ["attio.com", "https://app.attio.com", undefined]) {
      it(`accepts ${iss === undefined ? "no iss" : `iss=${iss}`}`, async () => {
        mockToken();
        mockSelf();
        mockMember();
        const agent = reportingApp();
        const state = (await startLogin(agent)).searchParams.get("state") ?? "";
        const extra = iss === undefined ? "" : `&iss=${encodeURIComponent(iss)}`;
        const response = await agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${state}${extra}`).expect(200);
        expect(response.body.user.profile.id).to.equal(MEMBER_ID);
      });
    }
  });

  it("cleans control characters from error_uri", async () => {
    const response = await reportingApp()
      .get(`/auth/attio/callback?error=server_error&error_uri=${encodeURIComponent("https://x.example/\r\nFORGED log line\u0007")}`)
      .expect(500);
    expect(response.body.error).to.include({
      name: "AuthorizationError",
      code: "server_error",
      uri: "https://x.example/  FORGED log line ",
    });
  });

  describe("Attio's answers", () => {
    async function signIn(options: Partial<AttioStrategyOptions> = {}, status = 200) {
      const agent = reportingApp(options);
      const state = (await startLogin(agent)).searchParams.get("state") ?? "";
      return agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${state}`).expect(status);
    }

    it("keeps __proto__ and constructor keys out of profile._json, so it is safe to assign", async () => {
      const self = JSON.stringify(selfBody()).replace(/^\{/, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},');
      const member = JSON.stringify(memberBody()).replace(/"data":\{/, '"data":{"\\u005f_proto__":{"polluted":true},');
      mockToken();
      nock(API_ORIGIN).get("/v2/self").reply(200, self, { "content-type": "application/json" });
      nock(API_ORIGIN).get(`/v2/workspace_members/${MEMBER_ID}`).reply(200, member, { "content-type": "application/json" });
      let json: { self: object; member: object } | undefined;
      const passport = new Passport();
      passport.use(
        new AttioStrategy(BASE, async (_a, _r, _p, profile) => {
          json = profile._json as { self: object; member: object };
          return { id: profile.id };
        }),
      );
      const app = express();
      app.use(session({ secret: "test-session-secret", resave: false, saveUninitialized: false }));
      app.get("/auth/attio", passport.authenticate("attio", { session: false }));
      app.get("/auth/attio/callback", passport.authenticate("attio", { session: false }), (_req, res) => void res.json({}));
      const agent = request.agent(app);
      const state = (await startLogin(agent)).searchParams.get("state") ?? "";
      await agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${state}`).expect(200);
      for (const record of [json?.self, json?.member]) {
        const copy = Object.assign({}, record) as Record<string, unknown>;
        expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
        expect(copy["polluted"]).to.equal(undefined);
        expect(Object.keys(record ?? {})).not.to.include.members(["__proto__", "constructor"]);
        expect({ ...record }).not.to.have.own.property("constructor");
      }
      expect(json?.self).to.include({ workspace_id: selfBody()["workspace_id"] });
    });

    it("lets a suspended member sign in with allowSuspendedMembers", async () => {
      mockToken();
      mockSelf();
      mockMember(memberBody({ access_level: "suspended" }));
      const response = await signIn({ allowSuspendedMembers: true });
      expect(response.body.user.profile.accessLevel).to.equal("suspended");
    });

    it("refuses a suspended member by default", async () => {
      mockToken();
      mockSelf();
      mockMember(memberBody({ access_level: "suspended" }));
      const response = await signIn({}, 401);
      expect(response.body.info).to.deep.equal({
        message: "This workspace member is suspended in Attio, so they cannot sign in.",
        code: "ATTIO_MEMBER_SUSPENDED",
      });
    });

    it("never sends the token to a path built from a member id that is not a plain id", async () => {
      mockToken();
      mockSelf(selfBody({ authorized_by_workspace_member_id: ".." }));
      const stray = nock(API_ORIGIN).get(/.*/).reply(200, { data: {} });
      const response = await signIn({}, 401);
      expect(response.body.info.code).to.equal("ATTIO_INVALID_MEMBER_ID");
      expect(stray.isDone(), "a request went to Attio's API").to.equal(false);
      nock.cleanAll();
    });
  });

  it("gives a body that is not JSON no cause, since V8's SyntaxError quotes the body", async () => {
    for (const body of [ACCESS_TOKEN, `x${ACCESS_TOKEN}`, `{"a":"${ACCESS_TOKEN}"`]) {
      nock(API_ORIGIN).get("/v2/self").reply(200, body, { "content-type": "text/plain" });
      const strategy = new AttioStrategy(BASE, returnProfile);
      const err = (await checkAccessToken(strategy, "another-access-token-42").catch((e: unknown) => e)) as Error;
      expect(err).to.include({ name: "AttioRequestError", code: "ATTIO_RESPONSE_NOT_JSON" });
      expect(err.cause).to.equal(undefined);
      expect(inspect(err, { depth: 10 })).not.to.include(ACCESS_TOKEN.slice(0, 10));
    }
  });
});
