/**
 * `true` approves as the first member, a member id as that member, and
 * `"deny"` refuses, each without showing the consent page.
 */
// `string & {}` keeps the literal "deny" visible to editors beside any member id.
export type SandboxAutoApprove = true | "deny" | (string & {});

/** What every sandbox endpoint shares: its settings, its grants and its counters. */
import type { SandboxMember, SandboxWorkspace } from "./demo-data";
import type { FaultQueue } from "./faults";
import type { GrantStore } from "./grants";
import type { SandboxStats } from "./stats";

export interface SandboxContext {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly appName: string;
  /** Redirect URIs registered for the app; matched exactly, as Attio does. */
  readonly redirectUris: Set<string>;
  /** The scopes configured on the app; every approval grants exactly these. */
  grantedScopes: readonly string[];
  readonly workspace: SandboxWorkspace;
  readonly members: readonly SandboxMember[];
  readonly grants: GrantStore;
  readonly stats: SandboxStats;
  readonly faults: FaultQueue;
  /** Unset: the consent page asks. Otherwise `/authorize` answers at once, as this member or with a denial. */
  autoApprove: SandboxAutoApprove | undefined;
  /** `http://host:port` once listening. */
  origin: string;
}

/** Absolute URL of a member's avatar, or null when the member has none (as Attio reports it). */
export function avatarUrl(context: SandboxContext, member: SandboxMember): string | null {
  return member.hasAvatar ? `${context.origin}/assets/members/${member.id}.svg` : null;
}

/** Absolute URL of the workspace logo, or null. */
export function logoUrl(context: SandboxContext): string | null {
  return context.workspace.hasLogo ? `${context.origin}/assets/workspace.svg` : null;
}
