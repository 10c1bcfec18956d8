/**
 * Every sign-in failure a person can cause ends as passport's `info`: a sentence and a
 * stable code, with the default session store, CookieStateStore and an app's own
 * store alike. Driven over real HTTP against the Attio sandbox, through a custom
 * callback, as a sessionless app shows them.
 */
import { expect } from "chai";
import express, { NextFunction, Request, Response } from "express";
import session from "express-session";
import { Passport } from "passport";
import { startAttioSandbox, AttioSandbox } from "../src/testing";
import { AttioStateStore, AttioStrategy, CookieStateStore } from "../src";
import { BrowserClient, Page } from "./helpers/browser-client";
import { decide } from "./helpers/example";
import { listen, Listening } from "../harness/server";

const CLIENT_ID = "failures-client";
const CLIENT_SECRET = "failures-secret-+/=~!% &\"'é";
const STATE_SECRET = "a-state-secret-of-at-least-32-characters";

const MESSAGES = {
  denied: "Access to Attio was not granted, so you are not signed in.",
  noState: "The sign-in response from Attio had no state, so it cannot be matched to a sign-in in progress. Please sign in again.",
  noCode: "The sign-in response from Attio had no authorization code. Please try signing in again.",
  unknown:
    "No sign-in in progress was found in this browser for this response from Attio: it expired, was used already, or began in another browser. Please sign in again.",
  rejected: "Attio did not accept this sign-in response: it was already used, or it expired. Please sign in again.",
  mismatch:
    "This response from Attio does not belong to the sign-in in progress in this browser (a newer sign-in may have replaced it). Please sign in again.",
  replayed: "This response from Attio was already used to sign in. Please sign in again.",
};

/** An app's own store, as apps write them: handles in a map, passport-oauth2's words for a refusal. */
function mapStore(options: { consume: boolean }): AttioStateStore {
  const pending = new Map<string, string | undefined>();
  let next = 0;
  return {
    store(_req, verifier, _state, _meta, callback) {
      const handle = `handle-${(next += 1)}`;
      pending.set(handle, verifier);
      callback(null, handle);
    },
    verify(_req, providedState, callback) {
      if (!pending.has(providedState)) return callback(null, false, { message: "Unable to verify authorization request state." });
      const verifier = pending.get(providedState);
      if (options.consume) pending.delete(providedState);
      callback(null, verifier ?? true);
    },
  };
}

type StoreKind = "session" | "cookie" | "custom";

describe("sign-in failures a person can cause: a message and a code in info", function () {
  this.timeout(10_000);
  let sandbox: AttioSandbox;
  const running: Listening[] = [];

  before(async () => {
    sandbox = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET });
  });
  afterEach(async () => Promise.all(running.splice(0).map((app) => app.close())));
  after(() => sandbox.close());

  /** A sessionless-style app (or one with express-session for the default store) whose callback answers `info` as JSON. */
  async function start(store: AttioStateStore | undefined, callbackURL = "/auth/attio/callback"): Promise<Listening> {
    const passport = new Passport();
    passport.use(
      new AttioStrategy(
        {
          clientID: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          callbackURL,
          authorizationURL: sandbox.authorizationURL,
          tokenURL: sandbox.tokenURL,
          apiURL: sandbox.apiURL,
          ...(store ? { store } : {}),
        },
        async (_accessToken, _refreshToken, _params, profile) => ({ id: profile.id }),
      ),
    );
    const app = express();
    if (!store) app.use(session({ secret: "session-secret-for-failures", resave: false, saveUninitialized: false }));
    app.use(passport.initialize());
    app.get("/auth/attio", passport.authenticate("attio", { session: false }));
    app.get("/auth/attio/callback", (req: Request, res: Response, next: NextFunction) =>
      passport.authenticate("attio", { session: false }, (err: unknown, user: unknown, info: unknown, status: unknown) => {
        if (err) return next(err);
        if (!user) return void res.status(401).json({ info, status });
        res.json({ user });
      })(req, res, next),
    );
    app.use((err: Error & { code?: string }, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ error: { name: err.name, code: err.code, message: err.message } });
    });
    const listening = await listen(app);
    running.push(listening);
    sandbox.allowRedirectUri(`${listening.origin}/auth/attio/callback`);
    return listening;
  }

  function storeOf(kind: StoreKind): AttioStateStore | undefined {
    if (kind === "cookie") return new CookieStateStore({ secret: STATE_SECRET });
    if (kind === "custom") return mapStore({ consume: true });
    return undefined;
  }

  /** Begins a login and decides on the consent page; resolves to Attio's redirect back to the app. */
  async function toCallback(browser: BrowserClient, app: Listening, decision: "approve" | "deny" = "approve"): Promise<URL> {
    const consent = await browser.get(`${app.origin}/auth/attio`);
    const back = await decide(browser, consent, { decision, maxRedirects: 0 });
    expect(back.status).to.equal(302);
    return new URL(back.headers.get("location") ?? "");
  }

  function infoOf(page: Page): unknown {
    expect(page.status, page.body).to.equal(401);
    expect(page.body).not.to.include(CLIENT_SECRET);
    return (JSON.parse(page.body) as { info: unknown }).info;
  }

  for (const kind of ["session", "cookie", "custom"] as const) {
    describe(`with the ${kind === "session" ? "default session" : kind === "cookie" ? "CookieStateStore" : "an app's own"} store`, () => {
      it("completes a sign-in (control)", async () => {
        const app = await start(storeOf(kind));
        const browser = new BrowserClient();
        const page = await browser.get((await toCallback(browser, app)).toString());
        expect(JSON.parse(page.body)).to.deep.equal({ user: { id: sandbox.members[0]?.id } });
      });

      it("denied in Attio: ATTIO_ACCESS_DENIED", async () => {
        const app = await start(storeOf(kind));
        const browser = new BrowserClient();
        const page = await browser.get((await toCallback(browser, app, "deny")).toString());
        expect(infoOf(page)).to.deep.equal({ message: MESSAGES.denied, code: "ATTIO_ACCESS_DENIED" });
      });

      it("no state: ATTIO_STATE_MISSING, and nothing is sent to Attio", async () => {
        const app = await start(storeOf(kind));
        const browser = new BrowserClient();
        const callback = await toCallback(browser, app);
        callback.searchParams.delete("state");
        sandbox.resetStats();
        expect(infoOf(await browser.get(callback.toString()))).to.deep.equal({ message: MESSAGES.noState, code: "ATTIO_STATE_MISSING" });
        expect(sandbox.stats.requests.token).to.equal(0);
      });

      it("no code: ATTIO_CODE_MISSING", async () => {
        const app = await start(storeOf(kind));
        const browser = new BrowserClient();
        const callback = await toCallback(browser, app);
        callback.searchParams.delete("code");
        expect(infoOf(await browser.get(callback.toString()))).to.deep.equal({ message: MESSAGES.noCode, code: "ATTIO_CODE_MISSING" });
      });

      it("a state nobody issued: ATTIO_STATE_UNKNOWN (ATTIO_STATE_MISMATCH beside the session's own login)", async () => {
        const app = await start(storeOf(kind));
        const browser = new BrowserClient();
        const callback = await toCallback(browser, app);
        callback.searchParams.set("state", "a-state-nobody-issued");
        expect(infoOf(await browser.get(callback.toString()))).to.deep.equal(
          kind === "session"
            ? { message: MESSAGES.mismatch, code: "ATTIO_STATE_MISMATCH" }
            : { message: MESSAGES.unknown, code: "ATTIO_STATE_UNKNOWN" },
        );
      });

      it("the same callback twice: the second is ATTIO_STATE_UNKNOWN (the state was used)", async () => {
        const app = await start(storeOf(kind));
        const browser = new BrowserClient();
        const callback = (await toCallback(browser, app)).toString();
        expect((await browser.get(callback)).status).to.equal(200);
        expect(infoOf(await browser.get(callback))).to.deep.equal({ message: MESSAGES.unknown, code: "ATTIO_STATE_UNKNOWN" });
      });
    });
  }

  describe("a replayed callback whose state still verifies: the spent code is a failure, never a 500", () => {
    it("CookieStateStore: a copied cookie and callback on a second instance: ATTIO_CODE_REJECTED", async () => {
      const first = await start(storeOf("cookie"));
      // Two instances of one app behind one address: the same callback URL and secret.
      const second = await start(storeOf("cookie"), `${first.origin}/auth/attio/callback`);
      const browser = new BrowserClient();
      const callback = await toCallback(browser, first);
      const cookieHeader = cookiesFor(browser, first.origin);
      expect((await browser.get(callback.toString())).status).to.equal(200);
      const onSecond = new URL(callback.pathname + callback.search, second.origin).toString();
      const page = await fetch(onSecond, { headers: { cookie: cookieHeader } });
      expect(page.status).to.equal(401);
      expect(((await page.json()) as { info: unknown }).info).to.deep.equal({ message: MESSAGES.rejected, code: "ATTIO_CODE_REJECTED" });
    });

    it("CookieStateStore: a copied cookie replayed on the same instance: ATTIO_STATE_REPLAYED", async () => {
      const app = await start(storeOf("cookie"));
      const browser = new BrowserClient();
      const callback = (await toCallback(browser, app)).toString();
      const cookieHeader = cookiesFor(browser, app.origin);
      expect((await browser.get(callback)).status).to.equal(200);
      const page = await fetch(callback, { headers: { cookie: cookieHeader } });
      expect(((await page.json()) as { info: unknown }).info).to.deep.equal({ message: MESSAGES.replayed, code: "ATTIO_STATE_REPLAYED" });
    });

    it("a store that keeps the state after use (as cookie sessions do): ATTIO_CODE_REJECTED", async () => {
      const app = await start(mapStore({ consume: false }));
      const browser = new BrowserClient();
      const callback = (await toCallback(browser, app)).toString();
      expect((await browser.get(callback)).status).to.equal(200);
      const page = await browser.get(callback);
      expect(JSON.parse(page.body)).to.deep.equal({ info: { message: MESSAGES.rejected, code: "ATTIO_CODE_REJECTED" }, status: 400 });
    });
  });

  it("CookieStateStore: an expired login: ATTIO_STATE_EXPIRED", async () => {
    const app = await start(new CookieStateStore({ secret: STATE_SECRET, maxAge: 1 }));
    const browser = new BrowserClient();
    const callback = await toCallback(browser, app);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(infoOf(await browser.get(callback.toString()))).to.deep.equal({
      message: "The sign-in took longer than 1 second and expired. Please sign in again.",
      code: "ATTIO_STATE_EXPIRED",
    });
  });

  it("an app's own store keeps its own words, with a code", async () => {
    const own: AttioStateStore = {
      store: (_req, _verifier, _state, _meta, callback) => callback(null, "h"),
      verify: (_req, _state, callback) => callback(null, false, { message: "Your sign-in link is from yesterday." }),
    };
    const app = await start(own);
    const browser = new BrowserClient();
    const page = await browser.get((await toCallback(browser, app)).toString());
    expect(infoOf(page)).to.deep.equal({ message: "Your sign-in link is from yesterday.", code: "ATTIO_STATE_REJECTED" });
  });
});

describe("failureMessage without a session", () => {
  it("is an error that says what to do instead, not a TypeError at the first failed sign-in", async () => {
    const passport = new Passport();
    const store = new CookieStateStore({ secret: STATE_SECRET });
    passport.use(
      new AttioStrategy(
        { clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, callbackURL: "/auth/attio/callback", store },
        async () => false,
      ),
    );
    const app = express();
    app.use(passport.initialize());
    app.get("/auth/attio/callback", passport.authenticate("attio", { session: false, failureRedirect: "/", failureMessage: true }));
    app.use(
      (err: Error, _req: Request, res: Response, _next: NextFunction) =>
        void res.status(500).json({ name: err.name, message: err.message }),
    );
    const listening = await listen(app);
    try {
      const page = await fetch(`${listening.origin}/auth/attio/callback?error=access_denied&state=x`);
      expect(await page.json()).to.deep.equal({
        name: "AttioConfigError",
        message:
          "AttioStrategy: `failureMessage` needs a session (passport keeps the message in req.session.messages), and this request has none. " +
          "Without a session, leave out failureMessage and pass passport.authenticate a callback: (err, user, info) => …, whose " +
          "`info.message` says why a sign-in failed.",
      });
    } finally {
      await listening.close();
    }
  });
});

/** The Cookie header `browser` would send to `origin`'s callback. */
function cookiesFor(browser: BrowserClient, origin: string): string {
  return browser.cookieHeaderFor(`${origin}/auth/attio/callback`);
}
