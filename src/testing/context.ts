/**
 * `true` approves as the first member, a member id as that member, and
 * `"deny"` refuses, each without showing the consent page.
 *
 * @example
 * ```ts
 * import { startAttioSandbox, type SandboxAutoApprove } from "passport-attio/testing";
 *
 * const deny: SandboxAutoApprove = "deny";
 * const sandbox = await startAttioSandbox({ clientID: "c", clientSecret: "s", autoApprove: deny });
 * ```
 */
// `string & {}` keeps the literal "deny" visible to editors beside any member id.
export type SandboxAutoApprove = true | "deny" | (string & {});

/** What every sandbox endpoint shares: its settings, its grants and its counters. */
import type { ConnectionLog } from "./connections";
import type { SandboxMember, SandboxWorkspace } from "./demo-data";
import type { FaultQueue } from "./faults";
import type { GrantStore } from "./grants";
import type { RequestLog } from "./request-log";
import type { SandboxStats } from "./stats";

export interface SandboxContext {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly appName: string;
  /** Redirect URIs registered for the app; matched exactly, as Attio does. */
  readonly redirectUris: Set<string>;
  /** The scopes configured on the app; every approval grants exactly these. */
  grantedScopes: readonly string[];
  /** The workspace approvals grant access to from now on. */
  workspace: SandboxWorkspace;
  /** Every workspace the sandbox has granted access to, by id (their logos stay served). */
  readonly workspaces: Map<string, SandboxWorkspace>;
  members: readonly SandboxMember[];
  readonly grants: GrantStore;
  readonly stats: SandboxStats;
  readonly faults: FaultQueue;
  readonly log: RequestLog;
  readonly connections: ConnectionLog;
  /** Whether `/v2/*` has an origin of its own (`separateApiOrigin`); then each origin answers only its own endpoints. */
  readonly separateApiOrigin: boolean;
  /** Milliseconds each answer waits. */
  latencyMs: number;
  /** Where the sandbox's routes start: `""` or a path like `/attio-sandbox`. */
  readonly basePath: string;
  /** Unset: the consent page asks. Otherwise `/authorize` answers at once, as this member or with a denial. */
  autoApprove: SandboxAutoApprove | undefined;
  /** `http://host:port` once listening (without the base path). */
  origin: string;
  /** The API's origin: `origin`, or the second one with `separateApiOrigin`. */
  apiOrigin: string;
}

/** Absolute URL of a member's avatar, or null when the member has none (as Attio reports it). */
export function avatarUrl(context: SandboxContext, member: SandboxMember): string | null {
  return member.hasAvatar ? `${context.origin}${context.basePath}/assets/members/${encodeURIComponent(member.id)}.svg` : null;
}

/** Absolute URL of a workspace's logo, or null. */
export function logoUrl(context: SandboxContext, workspace: SandboxWorkspace): string | null {
  return workspace.hasLogo ? `${context.origin}${context.basePath}/assets/workspaces/${encodeURIComponent(workspace.id)}.svg` : null;
}
