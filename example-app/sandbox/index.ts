/**
 * An Attio sandbox: a real HTTP server on loopback that behaves like Attio's
 * OAuth server and the parts of its API a sign-in uses. The example app runs
 * against it when no Attio credentials are configured, and tests and benchmarks
 * use it as a stand-in for Attio that they can count and control.
 *
 * It knows nothing of passport-attio: it is the other side of the wire.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { SandboxAutoApprove, SandboxContext } from "./context";
import { DEMO_MEMBERS, DEMO_WORKSPACE, SandboxMember, SandboxWorkspace } from "./demo-data";
import { FaultQueue, SandboxFault } from "./faults";
import { GrantStore } from "./grants";
import { route } from "./routes";
import { emptyStats, resetStats, SandboxEndpoint, SandboxStats } from "./stats";

export type { SandboxMember, SandboxWorkspace } from "./demo-data";
export { DEMO_MEMBERS, DEMO_WORKSPACE } from "./demo-data";
export type { SandboxEndpoint, SandboxStats } from "./stats";
export type { SandboxFault } from "./faults";
export type { SandboxAutoApprove } from "./context";

/** How to start a sandbox. Only the client credentials are required. */
export interface AttioSandboxOptions {
  /** The app's client id and secret, as registered in Attio's developer dashboard. */
  readonly clientID: string;
  readonly clientSecret: string;
  /** Registered redirect URIs, matched exactly. More can be added with `allowRedirectUri`. */
  readonly redirectUris?: readonly string[];
  /** The scopes configured on the app (array or space-separated); every approval grants exactly these. */
  readonly grantedScopes?: readonly string[] | string;
  /** Port to listen on; default 0 (any free port). */
  readonly port?: number;
  /** Address to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** The app's name on the consent page. */
  readonly appName?: string;
  /** Members offered on the consent page. */
  readonly members?: readonly SandboxMember[];
  readonly workspace?: SandboxWorkspace;
  /** How long an authorization code may wait for the exchange; default 60 s. */
  readonly codeTtlMs?: number;
  /**
   * Unset (the default) is Attio today: tokens never expire, no refresh token.
   * A number of seconds plays a future Attio: access tokens expire after it and
   * come with a refresh token, rotated at each `grant_type=refresh_token`.
   */
  readonly tokenLifetimeSeconds?: number;
  /**
   * Skips the consent page: `true` approves as the first member, a member id as
   * that member, `"deny"` sends the browser back with `error=access_denied`.
   * Either way the state is echoed, so any HTTP client can complete a sign-in.
   */
  readonly autoApprove?: SandboxAutoApprove;
  /** The clock, in epoch milliseconds (tests move it to expire codes). */
  readonly now?: () => number;
}

/** A running sandbox. */
export interface AttioSandbox {
  /** The sandbox's origin, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The strategy's `authorizationURL`, `tokenURL` and `apiURL` for this sandbox. */
  readonly authorizationURL: string;
  readonly tokenURL: string;
  readonly apiURL: string;
  /** Attio's `POST /oauth/revoke` on this sandbox. */
  readonly revokeURL: string;
  /** Live counters: requests per endpoint and TCP connections accepted. */
  readonly stats: SandboxStats;
  readonly workspace: SandboxWorkspace;
  readonly members: readonly SandboxMember[];
  /** Registers one more redirect URI (as adding it in the dashboard would). */
  allowRedirectUri(uri: string): void;
  /** Changes the app's configured scopes for approvals from now on. */
  setGrantedScopes(scopes: readonly string[] | string): void;
  /** Issues an active token without the browser flow, as if `memberId` had approved the app. */
  issueToken(memberId?: string): string;
  /** Every access token issued so far, oldest first (tests check that none leaks into a page). */
  issuedTokens(): string[];
  /** Makes one token inactive; false when unknown. */
  revoke(token: string): boolean;
  /** Makes every token issued so far inactive (the app was uninstalled). */
  revokeAll(): void;
  /** Makes the next `times` requests to `endpoint` misbehave (an error, a stall, a reset). */
  failNext(endpoint: SandboxEndpoint, fault: SandboxFault, times?: number): void;
  /** Zeroes `stats` in place. */
  resetStats(): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const DEFAULT_SCOPES = ["record_permission:read", "user_management:read"];

/**
 * Starts a sandbox and resolves once it listens.
 *
 * @example
 * ```ts
 * const sandbox = await startAttioSandbox({ clientID: "demo", clientSecret: "s3cret", redirectUris: ["http://localhost:3000/auth/attio/callback"] });
 * new AttioStrategy({ clientID: "demo", clientSecret: "s3cret", callbackURL: "http://localhost:3000/auth/attio/callback",
 *   authorizationURL: sandbox.authorizationURL, tokenURL: sandbox.tokenURL, apiURL: sandbox.apiURL }, verify);
 * ```
 */
export async function startAttioSandbox(options: AttioSandboxOptions): Promise<AttioSandbox> {
  const members = options.members ?? DEMO_MEMBERS;
  const context: SandboxContext = {
    clientId: options.clientID,
    clientSecret: options.clientSecret,
    appName: options.appName ?? "passport-attio example",
    redirectUris: new Set(options.redirectUris ?? []),
    grantedScopes: scopeList(options.grantedScopes ?? DEFAULT_SCOPES),
    workspace: options.workspace ?? DEMO_WORKSPACE,
    members,
    grants: new GrantStore(options.codeTtlMs ?? 60_000, options.now ?? Date.now, options.tokenLifetimeSeconds),
    stats: emptyStats(),
    faults: new FaultQueue(),
    autoApprove: checkedAutoApprove(options.autoApprove, members),
    origin: "",
  };
  const server = createServer((req, res) => void route(context, req, res));
  server.on("connection", () => (context.stats.connections += 1));
  // A client that drops mid-request must not take the process down.
  server.on("clientError", (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  context.origin = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  return {
    url: context.origin,
    authorizationURL: `${context.origin}/authorize`,
    tokenURL: `${context.origin}/oauth/token`,
    revokeURL: `${context.origin}/oauth/revoke`,
    apiURL: context.origin,
    stats: context.stats,
    workspace: context.workspace,
    members,
    allowRedirectUri: (uri) => void context.redirectUris.add(uri),
    setGrantedScopes: (scopes) => (context.grantedScopes = scopeList(scopes)),
    issueToken: (memberId = members[0]?.id ?? "") => context.grants.issueToken(context.clientId, memberId, context.grantedScopes),
    issuedTokens: () => context.grants.issuedTokens(),
    revoke: (token) => context.grants.revoke(token),
    revokeAll: () => context.grants.revokeAll(),
    failNext: (endpoint, fault, times = 1) => context.faults.add(endpoint, fault, times),
    resetStats: () => resetStats(context.stats),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
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
