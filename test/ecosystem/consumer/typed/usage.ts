/**
 * A TypeScript app using the packed package: Express.User augmented, a typed
 * verify, passport, passport-oauth2-refresh and the token helpers. Compiled under
 * `strict` as an ES module and as CommonJS (moduleResolution node16), and with
 * moduleResolution bundler.
 */
import express from "express";
import session from "express-session";
import passport from "passport";
import refresh from "passport-oauth2-refresh";
import {
  AttioError,
  AttioStrategy,
  checkAccessToken,
  refreshAccessToken,
  type AttioProfile,
  type AttioStrategyOptions,
} from "passport-attio";

declare global {
  namespace Express {
    interface User {
      id: string;
      workspaceId: string;
      accessToken: string;
    }
  }
}

const options: AttioStrategyOptions = {
  clientID: "client-id",
  clientSecret: "client-secret",
  callbackURL: "/auth/attio/callback",
  scope: ["record_permission:read", "user_management:read"],
};

function toUser(accessToken: string, profile: AttioProfile): Express.User {
  return { id: profile.id, workspaceId: profile.workspace.id, accessToken };
}

const strategy = new AttioStrategy(options, async (accessToken, _refreshToken, _params, profile) => toUser(accessToken, profile));
new AttioStrategy({ ...options, passReqToCallback: true }, async (req, accessToken, _refreshToken, _params, profile) =>
  req.ip === undefined ? false : toUser(accessToken, profile),
);
new AttioStrategy(options, (accessToken, _refreshToken, _params, profile, done) => done(null, toUser(accessToken, profile)));
// @ts-expect-error the augmented Express.User needs workspaceId and accessToken
new AttioStrategy(options, async (_accessToken, _refreshToken, _params, profile) => ({ id: profile.id }));

passport.use(strategy);
refresh.use(strategy);
passport.serializeUser((user, done) => done(null, user.id));

const app = express();
app.use(session({ secret: "session-secret", resave: false, saveUninitialized: false }));
app.use(passport.initialize());
app.use(passport.session());
app.get("/auth/attio", passport.authenticate("attio"));
app.get("/auth/attio/callback", passport.authenticate("attio", { failureRedirect: "/login", failureMessage: true }), (req, res) => {
  res.json({ workspaceId: req.user?.workspaceId });
});
app.get("/attio/status", async (req, res, next) => {
  if (!req.user) return void res.sendStatus(401);
  try {
    const status = await checkAccessToken(strategy, req.user.accessToken);
    res.json({ active: status.active, scopes: status.scopes });
  } catch (err) {
    if (err instanceof AttioError && err.code === "ATTIO_TIMEOUT") return void res.sendStatus(503);
    next(err);
  }
});

export async function renew(refreshToken: string): Promise<string> {
  const tokens = await refreshAccessToken(strategy, refreshToken);
  return tokens.accessToken;
}

export function renewWithRefreshModule(refreshToken: string): Promise<string> {
  return new Promise((resolve, reject) =>
    refresh.requestNewAccessToken("attio", refreshToken, (err, accessToken) => (accessToken ? resolve(accessToken) : reject(err))),
  );
}

// The sandbox from passport-attio/testing: its strategyOptions() fit AttioStrategy as they are.
import { startAttioSandbox, type AttioSandbox, type SandboxFault } from "passport-attio/testing";

export async function signInAgainstSandbox(): Promise<AttioSandbox> {
  const sandbox = await startAttioSandbox({ clientID: "c", clientSecret: "s", autoApprove: true, latencyMs: 5 });
  const callbackURL = "http://127.0.0.1:3000/auth/attio/callback";
  passport.use(
    "attio-sandbox",
    new AttioStrategy({ ...sandbox.strategyOptions(callbackURL), callbackURL }, async (accessToken, _refreshToken, _params, profile) => ({
      id: profile.id,
      workspaceId: profile.workspace.id,
      accessToken,
    })),
  );
  const fault: SandboxFault = { reset: "mid-body" };
  sandbox.failNext("token", fault, 2);
  return sandbox;
}
