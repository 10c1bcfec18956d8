/**
 * The two sides compared: AttioStrategy, and bare passport-oauth2 configured
 * as equivalently as it can be (PKCE S256, state in the session, a hand-written
 * profile from `/v2/self` and, when granted, the workspace member).
 */
import { readFileSync } from "node:fs";
import https from "node:https";
import OAuth2Strategy from "passport-oauth2";
import type { Strategy } from "passport";
import type * as PassportAttio from "../src/index";
import { CALLBACK_PATH, CLIENT_ID, CLIENT_SECRET } from "./attio";

export type Side = "attio" | "bare";
export type StateStoreKind = "session" | "cookie";

export interface StrategyConfig {
  readonly side: Side;
  /** The token endpoint's origin (and `/authorize`'s, unless `authorizeOrigin` is set). */
  readonly appOrigin: string;
  readonly apiOrigin: string;
  /** Where the browser is sent to approve, when not the token endpoint's origin. */
  readonly authorizeOrigin?: string;
  /** A PEM file of a CA to trust, for an Attio on HTTPS: both sides then get an agent that trusts it. */
  readonly caFile?: string;
  /** AttioStrategy's `timeout` (bare passport-oauth2 has none). */
  readonly timeoutMs: number;
  readonly store: StateStoreKind;
  /** Keep sessions in Redis at this URL (connect-redis) rather than in the MemoryStore. */
  readonly redisUrl?: string;
}

// The compiled package, as users run it (`npm run bench` builds it first): running
// src/ through tsx would add per-closure work that the published JavaScript does not do.
// Typed from src/ so the benchmark type-checks before a build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const passportAttio = require("passport-attio") as typeof PassportAttio;

/** The user both sides hand to passport: the same shape, built the same way. */
interface BenchUser {
  readonly id: string;
  readonly name: string;
}
type Done = (err: unknown, user?: BenchUser | false) => void;
const verify = (_accessToken: string, _refreshToken: string | undefined, profile: { id: string; displayName: string }, done: Done): void =>
  done(null, { id: profile.id, name: profile.displayName });

export function makeStrategy(config: StrategyConfig): Strategy {
  return config.side === "attio" ? attioStrategy(config) : new BareAttioStrategy(config);
}

/** Whether this build of the package exports `CookieStateStore`. */
export function cookieStateStoreAvailable(): boolean {
  return typeof cookieStateStoreClass() === "function";
}

type CookieStateStoreClass = new (options: { secret: string }) => PassportAttio.AttioStateStore;

function cookieStateStoreClass(): CookieStateStoreClass | undefined {
  // Looked up by name so the benchmark runs before and after the store exists.
  const candidate = (passportAttio as unknown as Record<string, unknown>)["CookieStateStore"];
  return typeof candidate === "function" ? (candidate as CookieStateStoreClass) : undefined;
}

function attioStrategy(config: StrategyConfig): PassportAttio.AttioStrategy {
  const StoreClass = config.store === "cookie" ? cookieStateStoreClass() : undefined;
  if (config.store === "cookie" && !StoreClass) throw new Error("CookieStateStore is not exported by this build.");
  return new passportAttio.AttioStrategy(
    {
      clientID: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      callbackURL: CALLBACK_PATH,
      scope: ["record_permission:read"],
      authorizationURL: `${config.authorizeOrigin ?? config.appOrigin}/authorize`,
      tokenURL: `${config.appOrigin}/oauth/token`,
      apiURL: config.apiOrigin,
      timeout: config.timeoutMs,
      ...(config.caFile ? { agent: new passportAttio.AttioAgent({ ca: readFileSync(config.caFile) }) } : {}),
      ...(StoreClass ? { store: new StoreClass({ secret: "bench-cookie-state-secret-0123456789abcdef" }) } : {}),
    },
    verify,
  );
}

/** A minimal Attio profile, written by hand the way an app on bare passport-oauth2 would. */
interface BareProfile {
  readonly provider: "attio";
  readonly id: string;
  readonly displayName: string;
  readonly workspaceId: string;
}

class BareAttioStrategy extends OAuth2Strategy {
  private readonly apiOrigin: string;

  constructor(config: StrategyConfig) {
    super(
      {
        authorizationURL: `${config.authorizeOrigin ?? config.appOrigin}/authorize`,
        tokenURL: `${config.appOrigin}/oauth/token`,
        clientID: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        callbackURL: CALLBACK_PATH,
        state: true,
        pkce: true,
      },
      verify,
    );
    this.name = "attio";
    this.apiOrigin = config.apiOrigin;
    // The token goes in the Authorization header, not the query string.
    this._oauth2.useAuthorizationHeaderforGET(true);
    // Node's global agent's settings (keep-alive, 5 s idle), trusting the sandbox's certificate.
    if (config.caFile) this._oauth2.setAgent(new https.Agent({ keepAlive: true, timeout: 5000, ca: readFileSync(config.caFile) }));
  }

  override userProfile(accessToken: string, done: (err?: unknown, profile?: BareProfile) => void): void {
    this.getJson(`${this.apiOrigin}/v2/self`, accessToken, (err, self) => {
      if (err || !self) return done(err);
      if (self["active"] !== true || typeof self["workspace_id"] !== "string") return done(new Error("Attio token is not active."));
      const workspace = { id: self["workspace_id"], name: String(self["workspace_name"] ?? "") };
      const memberId = self["authorized_by_workspace_member_id"];
      const scopes = String(self["scope"] ?? "").split(" ");
      const canReadMembers = scopes.includes("user_management:read") || scopes.includes("user_management:read-write");
      if (typeof memberId !== "string" || !canReadMembers) {
        return done(null, { provider: "attio", id: workspace.id, displayName: workspace.name, workspaceId: workspace.id });
      }
      this.getJson(`${this.apiOrigin}/v2/workspace_members/${encodeURIComponent(memberId)}`, accessToken, (memberErr, member) => {
        const data = member?.["data"] as Record<string, unknown> | undefined;
        if (memberErr || !data)
          return done(null, { provider: "attio", id: workspace.id, displayName: workspace.name, workspaceId: workspace.id });
        const displayName = `${String(data["first_name"] ?? "")} ${String(data["last_name"] ?? "")}`.trim();
        done(null, { provider: "attio", id: memberId, displayName, workspaceId: workspace.id });
      });
    });
  }

  private getJson(url: string, accessToken: string, done: (err: unknown, json?: Record<string, unknown>) => void): void {
    this._oauth2.get(url, accessToken, (err, body) => {
      if (err) return done(err);
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(String(body)) as Record<string, unknown>;
      } catch (parseErr) {
        return done(parseErr);
      }
      done(null, json);
    });
  }
}
