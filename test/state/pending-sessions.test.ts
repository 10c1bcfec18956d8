/**
 * A pending login in the default (session) store costs a short-lived session:
 * a cookieless `GET /auth/attio` leaves a session that expires within 10 minutes
 * in any store (MemoryStore entries, Redis TTLs), while the signed-in session
 * keeps the app's own settings.
 */
import { expect } from "chai";
import express from "express";
import session, { MemoryStore, SessionData, Store } from "express-session";
import { RedisStore } from "connect-redis";
import { Passport } from "passport";
import { createClient } from "redis";
import request from "supertest";
import { AttioStrategy } from "../../src";
import { isolateNetwork, mockMember, mockSelf, mockToken } from "../helpers/attio";
import { AUTH_CODE, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../../harness/fixtures";
import { requireRedis, RunningRedis, startRedis } from "../../harness/redis";

const TEN_MINUTES_MS = 10 * 60 * 1000;
const EIGHT_HOURS_MS = 8 * 60 * 60 * 1000;

/** The README's Quick start, with the session store and cookie options a test chooses. */
function quickStartApp(store: Store, cookie: session.CookieOptions = {}, pkce = true) {
  const passport = new Passport();
  passport.use(
    new AttioStrategy(
      { clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, callbackURL: CALLBACK_URL, scope: ["record_permission:read"], pkce },
      async (_accessToken, _refreshToken, _params, profile) => ({ id: profile.id }),
    ),
  );
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  const app = express();
  app.use(session({ store, cookie, secret: "test-session-secret", resave: false, saveUninitialized: false }));
  app.use(passport.initialize());
  app.use(passport.session());
  app.get("/cart", (req, res) => {
    (req.session as unknown as { cart: string }).cart = "three books";
    res.end();
  });
  app.get("/auth/attio", passport.authenticate("attio"));
  app.get("/auth/attio/callback", passport.authenticate("attio", { failureRedirect: "/failed" }), (_req, res) => void res.json({}));
  return app;
}

function allSessions(store: Store): Promise<SessionData[]> {
  return new Promise((resolve, reject) =>
    store.all?.((err, sessions) => (err ? reject(err) : resolve(Object.values(sessions ?? {}) as SessionData[]))),
  );
}

/** Milliseconds until the cookie's expiry, or Infinity for a cookie without one. */
function lifetimeMs(data: SessionData): number {
  const expires = data.cookie.expires;
  return expires ? new Date(expires).getTime() - Date.now() : Infinity;
}

describe("pending logins in the default session store", () => {
  isolateNetwork();

  it("gives a cookieless GET /auth/attio a session of at most 10 minutes, with no cookie options (the Quick start)", async () => {
    const store = new MemoryStore();
    const response = await request(quickStartApp(store)).get("/auth/attio").expect(302);
    expect(String(response.headers["set-cookie"])).to.match(/Expires=/);
    const [pending, ...others] = await allSessions(store);
    expect(others).to.deep.equal([]);
    expect(lifetimeMs(pending as SessionData)).to.be.within(TEN_MINUTES_MS - 5000, TEN_MINUTES_MS);
  });

  it("shortens an app's 8-hour cookie while the session holds only the pending login; the signed-in session gets 8 hours", async () => {
    const store = new MemoryStore();
    const agent = request.agent(quickStartApp(store, { maxAge: EIGHT_HOURS_MS }));
    const state = new URL((await agent.get("/auth/attio").expect(302)).headers["location"] as string).searchParams.get("state");
    expect(lifetimeMs((await allSessions(store))[0] as SessionData)).to.be.at.most(TEN_MINUTES_MS);
    mockToken();
    mockSelf();
    mockMember();
    await agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${state}`).expect(200);
    const [signedIn, ...others] = await allSessions(store);
    expect(others, "the pending session was replaced").to.deep.equal([]);
    expect(lifetimeMs(signedIn as SessionData)).to.be.within(EIGHT_HOURS_MS - 5000, EIGHT_HOURS_MS);
  });

  it("does the same with PKCE off (passport-oauth2's other session store)", async () => {
    const store = new MemoryStore();
    const agent = request.agent(quickStartApp(store, { maxAge: EIGHT_HOURS_MS }, false));
    const state = new URL((await agent.get("/auth/attio").expect(302)).headers["location"] as string).searchParams.get("state");
    expect(lifetimeMs((await allSessions(store))[0] as SessionData)).to.be.within(TEN_MINUTES_MS - 5000, TEN_MINUTES_MS);
    mockToken();
    mockSelf();
    mockMember();
    await agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${state}`).expect(200);
  });

  it("leaves a session that holds the app's own data as the app set it", async () => {
    const store = new MemoryStore();
    const agent = request.agent(quickStartApp(store, { maxAge: EIGHT_HOURS_MS }));
    await agent.get("/cart").expect(200);
    await agent.get("/auth/attio").expect(302);
    expect(lifetimeMs((await allSessions(store))[0] as SessionData)).to.be.above(EIGHT_HOURS_MS - 5000);
  });

  it("sweeps expired sessions out of express-session's MemoryStore, which only drops one when it is read", async () => {
    const store = new MemoryStore();
    const expired = { cookie: { originalMaxAge: 1, expires: new Date(Date.now() - 1000) } } as unknown as SessionData;
    await new Promise<void>((resolve) => store.set("an-abandoned-login", expired, () => resolve()));
    const sessions = (store as unknown as { sessions: Record<string, string> }).sessions;
    expect(Object.keys(sessions)).to.deep.equal(["an-abandoned-login"]);
    await request(quickStartApp(store)).get("/auth/attio").expect(302);
    expect(Object.keys(sessions)).to.have.length(1).and.not.include("an-abandoned-login");
  });

  describe("in Redis (connect-redis)", () => {
    let redis: RunningRedis;
    let client: ReturnType<typeof createClient>;
    before(async function () {
      requireRedis(this);
      this.timeout(20_000);
      redis = await startRedis();
      client = createClient({ url: redis.url });
      await client.connect();
    });
    after(async () => {
      await client?.quit();
      await redis?.stop();
    });

    it("gives every key a flood of cookieless redirects creates a TTL of at most 10 minutes", async () => {
      const app = quickStartApp(new RedisStore({ client, prefix: "flood:" }), { maxAge: EIGHT_HOURS_MS });
      for (let i = 0; i < 50; i++) await request(app).get("/auth/attio").expect(302);
      const keys = await client.keys("flood:*");
      expect(keys).to.have.length(50);
      const ttls = await Promise.all(keys.map((key) => client.pTTL(key)));
      expect(Math.max(...ttls)).to.be.within(1, TEN_MINUTES_MS);
      expect(Math.min(...ttls)).to.be.above(0);
    });
  });
});
