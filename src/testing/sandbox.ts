/**
 * An Attio sandbox: a real HTTP server on loopback that behaves like Attio's
 * OAuth server and the parts of its API a sign-in uses. The example app runs
 * against it when no Attio credentials are configured, and tests and benchmarks
 * use it as a stand-in for Attio that they can count and control.
 *
 * It knows nothing of passport-attio: it is the other side of the wire.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { approveLink } from "./authorize";
import { ConnectionLog, SandboxConnection, SandboxOrigin } from "./connections";
import type { SandboxAutoApprove, SandboxContext } from "./context";
import { DEMO_MEMBERS, DEMO_WORKSPACE, SandboxMember, SandboxWorkspace } from "./demo-data";
import { FaultQueue, SandboxFault } from "./faults";
import { GrantStore } from "./grants";
import { Listening, mounted, ownServer } from "./listen";
import { RequestLog, SandboxRequest } from "./request-log";
import { isUnder, route } from "./routes";
import { emptyStats, resetStats, SandboxEndpoint, SandboxStats } from "./stats";

/**
 * How to start a sandbox. Only the client credentials are required.
 *
 * @example
 * ```ts
 * import type { AttioSandboxOptions } from "passport-attio/testing";
 *
 * const options: AttioSandboxOptions = {
 *   clientID: "test-client",
 *   clientSecret: "test-secret",
 *   redirectUris: ["http://127.0.0.1:3000/auth/attio/callback"],
 *   autoApprove: true,
 * };
 * ```
 */
export interface AttioSandboxOptions {
  /** The app's client id, as registered in Attio's developer dashboard. */
  readonly clientID: string;
  /** The app's client secret. */
  readonly clientSecret: string;
  /**
   * Registered redirect URIs, matched exactly, as Attio does. A path alone
   * (`"/auth/attio/callback"`) matches that path on whichever origin the
   * browser reached the sandbox at: for an app that shares the sandbox's server.
   * More can be added with {@link AttioSandbox.allowRedirectUri}.
   */
  readonly redirectUris?: readonly string[];
  /** The scopes configured on the app (array or space-separated); every approval grants exactly these. */
  readonly grantedScopes?: readonly string[] | string;
  /** Port to listen on; default 0 (any free port). With `separateApiOrigin`, the app origin's (the API's is any free port). Ignored with `server`. */
  readonly port?: number;
  /** Address to listen on; default 127.0.0.1. Ignored with `server`. */
  readonly host?: string;
  /**
   * Serve the API (`/v2/self`, `/v2/workspace_members/{id}`) on a second port
   * of its own, as Attio serves api.attio.com beside app.attio.com: a client's
   * connection pool then sees two hosts, as it does against Attio. Each origin
   * answers only its own endpoints (the rest is a 404, counted as `other`), so
   * a request sent to the wrong host shows. `apiURL` points at it. Default
   * false: one origin answers everything. Not with `server`.
   */
  readonly separateApiOrigin?: boolean;
  /**
   * Answer on this server (already listening) instead of on a port of its own:
   * pass each request to {@link AttioSandbox.handle}. Then app and sandbox share
   * one origin, so a browser reaches both through any address or one forwarded port.
   */
  readonly server?: Server;
  /** Where the sandbox's routes start; default `""`, or `"/attio-sandbox"` with `server`. */
  readonly basePath?: string;
  /** The app's name on the consent page. */
  readonly appName?: string;
  /** Members offered on the consent page; default {@link DEMO_MEMBERS}. */
  readonly members?: readonly SandboxMember[];
  /** The workspace that approvals grant access to; default {@link DEMO_WORKSPACE}. */
  readonly workspace?: SandboxWorkspace;
  /**
   * Skips the consent page: `true` approves as the first member, a member id as
   * that member, `"deny"` sends the browser back with `error=access_denied`.
   * Either way the state is echoed, so any HTTP client can complete a sign-in.
   */
  readonly autoApprove?: SandboxAutoApprove;
  /** Milliseconds every answer waits, as a network between app and Attio would; default 0. */
  readonly latencyMs?: number;
  /** How long an authorization code may wait for the exchange; default 60 s. */
  readonly codeTtlMs?: number;
  /**
   * Unset (the default) is Attio today: tokens never expire, no refresh token.
   * A number of seconds plays a future Attio: access tokens expire after it and
   * come with a refresh token, rotated at each `grant_type=refresh_token`.
   */
  readonly tokenLifetimeSeconds?: number;
  /** The clock, in epoch milliseconds (tests move it to expire codes). */
  readonly now?: () => number;
}

/**
 * The options `AttioStrategy` needs to sign in against a sandbox.
 *
 * @example
 * ```ts
 * import { startAttioSandbox } from "passport-attio/testing";
 *
 * const sandbox = await startAttioSandbox({ clientID: "c", clientSecret: "s" });
 * const { authorizationURL, tokenURL, apiURL, revokeURL } = sandbox.strategyOptions();
 * ```
 */
export interface SandboxStrategyOptions {
  /** The sandbox's client id. */
  readonly clientID: string;
  /** The sandbox's client secret. */
  readonly clientSecret: string;
  /** The callback URL given to `strategyOptions()`, registered as a redirect URI. */
  readonly callbackURL?: string;
  /** The sandbox's `/authorize`. */
  readonly authorizationURL: string;
  /** The sandbox's `/oauth/token`. */
  readonly tokenURL: string;
  /** The sandbox's API origin (`/v2/self`, `/v2/workspace_members/{id}`). */
  readonly apiURL: string;
  /** The sandbox's `/oauth/revoke`. */
  readonly revokeURL: string;
}

/**
 * A running sandbox.
 *
 * @example
 * ```ts
 * import { startAttioSandbox } from "passport-attio/testing";
 *
 * const sandbox = await startAttioSandbox({ clientID: "c", clientSecret: "s", autoApprove: true });
 * sandbox.failNext("self", { respond: { status: 500, body: "{}" } });
 * // … sign in; the login sees Attio fail once …
 * console.log(sandbox.stats.requests.self);
 * await sandbox.close();
 * ```
 */
export interface AttioSandbox {
  /** The sandbox's origin and base path, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The strategy's `authorizationURL` for this sandbox. */
  readonly authorizationURL: string;
  /** The strategy's `tokenURL` for this sandbox. */
  readonly tokenURL: string;
  /** The strategy's `apiURL` for this sandbox. */
  readonly apiURL: string;
  /** Attio's `POST /oauth/revoke` on this sandbox. */
  readonly revokeURL: string;
  /** Attio's `POST /oauth/introspect` on this sandbox. */
  readonly introspectURL: string;
  /** Live counters: requests per endpoint and TCP connections accepted (in all and per origin). */
  readonly stats: SandboxStats;
  /** The workspace approvals grant access to now (see {@link AttioSandbox.setWorkspace}). */
  readonly workspace: SandboxWorkspace;
  /** The workspace's members now (see {@link AttioSandbox.setMembers}). */
  readonly members: readonly SandboxMember[];
  /**
   * What AttioStrategy needs to sign in here. With `callbackURL`, that URL is
   * registered as a redirect URI and returned too.
   */
  strategyOptions(callbackURL?: string): SandboxStrategyOptions;
  /** Registers one more redirect URI (as adding it in the dashboard would). */
  allowRedirectUri(uri: string): void;
  /** Changes the app's configured scopes for approvals from now on. */
  setGrantedScopes(scopes: readonly string[] | string): void;
  /** Replaces the members (existing tokens keep naming theirs). */
  setMembers(members: readonly SandboxMember[]): void;
  /** Approvals from now on grant access to this workspace; tokens issued before keep theirs. */
  setWorkspace(workspace: SandboxWorkspace): void;
  /** Changes {@link AttioSandboxOptions.autoApprove}; `undefined` shows the consent page again. */
  setAutoApprove(autoApprove: SandboxAutoApprove | undefined): void;
  /** Changes {@link AttioSandboxOptions.latencyMs}. */
  setLatency(latencyMs: number): void;
  /** Issues an active token without the browser flow, as if `memberId` (default the first member) had approved the app. */
  issueToken(memberId?: string): string;
  /** Every access token issued so far, oldest first (tests check that none leaks into a page). */
  issuedTokens(): string[];
  /** Makes one token inactive; false when unknown. */
  revoke(token: string): boolean;
  /** Makes every token issued so far inactive (the app was uninstalled). */
  revokeAll(): void;
  /**
   * Decides a sign-in link (the app's redirect to `/authorize`) as the person
   * would on the consent page, without a request: returns where the sandbox
   * sends the browser, the callback URL with `code` and `state` (or with
   * `error=access_denied` for `"deny"`). `decision` is as for `autoApprove`;
   * default: the `autoApprove` setting, else the first member. For a test that
   * counts connections, so no browser's shows among the app's; not counted in
   * `stats`. A link the sandbox would refuse with a page of its own (an
   * unknown client, an unregistered redirect URI) throws a TypeError.
   */
  approve(authorizeURL: string | URL, decision?: SandboxAutoApprove): string;
  /**
   * Makes the next `times` (default 1; `Infinity`: every one until
   * {@link AttioSandbox.clearFaults}) requests to `endpoint` misbehave (an
   * error, a stall, a reset, an answer held back…).
   */
  failNext(endpoint: SandboxEndpoint, fault: SandboxFault, times?: number): void;
  /** Forgets the faults not yet played, for `endpoint` or for every endpoint. */
  clearFaults(endpoint?: SandboxEndpoint): void;
  /** The last 1000 requests received, oldest first, with their bodies: what the app sent. */
  received(endpoint?: SandboxEndpoint): SandboxRequest[];
  /**
   * The last 1000 TCP connections accepted, oldest first: on which origin,
   * from which port, and the requests each carried. Empty when mounted on the
   * caller's server, whose connections are its own.
   */
  connections(): SandboxConnection[];
  /**
   * Ends every open connection, as Attio ends one idle too long, and resolves
   * once each has closed. The sandbox keeps listening.
   */
  dropConnections(): Promise<void>;
  /** Zeroes `stats` in place and forgets `received()` and `connections()`. */
  resetStats(): void;
  /**
   * Answers a request under the base path; passes any other to `next` (404 without).
   * An Express or Connect middleware as it is.
   */
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): void;
  /** Stops listening and closes open connections (with `server`: stops answering; the server is the caller's). */
  close(): Promise<void>;
}

const DEFAULT_SCOPES = ["record_permission:read", "user_management:read"];
const MOUNTED_BASE_PATH = "/attio-sandbox";

/**
 * Starts a sandbox and resolves once it listens.
 *
 * @example
 * ```ts
 * import { AttioStrategy } from "passport-attio";
 * import { startAttioSandbox } from "passport-attio/testing";
 *
 * const callbackURL = "http://127.0.0.1:3000/auth/attio/callback";
 * const sandbox = await startAttioSandbox({ clientID: "demo", clientSecret: "s3cret", autoApprove: true });
 * const strategy = new AttioStrategy({ ...sandbox.strategyOptions(callbackURL), callbackURL }, async (_token, _refresh, _params, profile) => ({
 *   id: profile.id,
 * }));
 * ```
 */
export async function startAttioSandbox(options: AttioSandboxOptions): Promise<AttioSandbox> {
  if (options.server && options.separateApiOrigin) {
    throw new TypeError("startAttioSandbox: `separateApiOrigin` needs servers of the sandbox's own; it cannot be used with `server`.");
  }
  const basePath = checkedBasePath(options.basePath ?? (options.server ? MOUNTED_BASE_PATH : ""));
  const members = options.members ?? DEMO_MEMBERS;
  const workspace = options.workspace ?? DEMO_WORKSPACE;
  const context: SandboxContext = {
    clientId: options.clientID,
    clientSecret: options.clientSecret,
    appName: options.appName ?? "passport-attio example",
    redirectUris: new Set(options.redirectUris ?? []),
    grantedScopes: scopeList(options.grantedScopes ?? DEFAULT_SCOPES),
    workspace,
    workspaces: new Map([[workspace.id, workspace]]),
    members,
    grants: new GrantStore(options.codeTtlMs ?? 60_000, options.now ?? Date.now, options.tokenLifetimeSeconds),
    stats: emptyStats(),
    faults: new FaultQueue(),
    log: new RequestLog(),
    connections: new ConnectionLog(),
    separateApiOrigin: options.separateApiOrigin === true,
    autoApprove: checkedAutoApprove(options.autoApprove, members),
    latencyMs: checkedLatency(options.latencyMs ?? 0),
    basePath,
    origin: "",
    apiOrigin: "",
  };
  const origins = options.server ? [mounted(options.server)] : await ownServers(context, options);
  const [app, api = app] = origins as [Listening, Listening?];
  context.origin = app.origin;
  context.apiOrigin = api.origin;
  return controls(context, async () => void (await Promise.all(origins.map((origin) => origin.close()))));
}

/** The app origin's server and, with `separateApiOrigin`, the API's on a port of its own. */
async function ownServers(context: SandboxContext, options: AttioSandboxOptions): Promise<Listening[]> {
  const host = options.host ?? "127.0.0.1";
  const serve = (req: IncomingMessage, res: ServerResponse, origin: SandboxOrigin): void => handle(context, req, res, origin);
  const app = await ownServer(context, "app", options.port ?? 0, host, serve);
  if (!context.separateApiOrigin) return [app];
  const api = await ownServer(context, "api", 0, host, serve).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  return [app, api];
}

function handle(context: SandboxContext, req: IncomingMessage, res: ServerResponse, origin: SandboxOrigin, next?: () => void): void {
  if (next && !isUnder(context.basePath, (req.url ?? "/").split("?")[0] ?? "/")) return next();
  void route(context, req, res, origin);
}

function controls(context: SandboxContext, close: () => Promise<void>): AttioSandbox {
  const url = `${context.origin}${context.basePath}`;
  let closed = false;
  const apiURL = `${context.apiOrigin}${context.basePath}`;
  const urls = { authorizationURL: `${url}/authorize`, tokenURL: `${url}/oauth/token`, apiURL, revokeURL: `${url}/oauth/revoke` };
  return {
    url,
    ...urls,
    introspectURL: `${url}/oauth/introspect`,
    stats: context.stats,
    get workspace() {
      return context.workspace;
    },
    get members() {
      return context.members;
    },
    strategyOptions: (callbackURL) => {
      if (callbackURL !== undefined) context.redirectUris.add(callbackURL);
      return {
        clientID: context.clientId,
        clientSecret: context.clientSecret,
        ...(callbackURL === undefined ? {} : { callbackURL }),
        ...urls,
      };
    },
    allowRedirectUri: (uri) => void context.redirectUris.add(uri),
    setGrantedScopes: (scopes) => (context.grantedScopes = scopeList(scopes)),
    setMembers: (members) => {
      context.members = [...members];
      context.autoApprove = checkedAutoApprove(context.autoApprove, context.members);
    },
    setWorkspace: (workspace) => {
      context.workspace = workspace;
      context.workspaces.set(workspace.id, workspace);
    },
    setAutoApprove: (autoApprove) => (context.autoApprove = checkedAutoApprove(autoApprove, context.members)),
    setLatency: (latencyMs) => (context.latencyMs = checkedLatency(latencyMs)),
    issueToken: (memberId = context.members[0]?.id ?? "") =>
      context.grants.issueToken(context.clientId, { memberId, scopes: context.grantedScopes, workspace: context.workspace }),
    issuedTokens: () => context.grants.issuedTokens(),
    revoke: (token) => context.grants.revoke(token),
    revokeAll: () => context.grants.revokeAll(),
    approve: (authorizeURL, decision) => approveLink(context, new URL(authorizeURL), decision ?? context.autoApprove ?? true),
    failNext: (endpoint, fault, times = 1) => context.faults.add(endpoint, fault, times),
    clearFaults: (endpoint) => context.faults.clear(endpoint),
    received: (endpoint) => context.log.list(endpoint),
    connections: () => context.connections.list(),
    dropConnections: () => context.connections.drop(),
    resetStats: () => {
      resetStats(context.stats);
      context.log.clear();
      context.connections.clear();
    },
    handle: (req, res, next) => (closed ? next?.() : handle(context, req, res, "app", next)),
    close: () => {
      closed = true;
      return close();
    },
  };
}

function scopeList(scopes: readonly string[] | string): string[] {
  const list = typeof scopes === "string" ? scopes.split(/\s+/) : [...scopes];
  return [...new Set(list.filter((scope) => scope !== ""))];
}

/** A member id that names nobody would fail every sign-in later; say so now. */
function checkedAutoApprove(
  autoApprove: SandboxAutoApprove | undefined,
  members: readonly SandboxMember[],
): SandboxAutoApprove | undefined {
  if (autoApprove === undefined || autoApprove === "deny") return autoApprove;
  if (autoApprove === true && members.length > 0) return autoApprove;
  if (members.some((member) => member.id === autoApprove)) return autoApprove;
  throw new TypeError(`autoApprove names no member of the sandbox: ${JSON.stringify(autoApprove)}.`);
}

function checkedLatency(latencyMs: number): number {
  if (Number.isInteger(latencyMs) && latencyMs >= 0 && latencyMs <= 60_000) return latencyMs;
  throw new TypeError("latencyMs must be a whole number of milliseconds from 0 to 60000.");
}

function checkedBasePath(basePath: string): string {
  if (basePath === "" || /^\/[A-Za-z0-9._~\-/]*[^/]$/.test(basePath)) return basePath;
  throw new TypeError(`basePath must be empty or start with / and not end with one: ${JSON.stringify(basePath)}.`);
}
