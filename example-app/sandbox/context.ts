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
