/**
 * What the example app keeps about a signed-in person: a plain summary of the
 * AttioProfile for the pages, and the id of its Attio connection. The token
 * itself lives in AttioConnections (see connections.ts), never in the session,
 * so rendering the account can never leak one.
 */
import type { AttioProfile } from "passport-attio";

export interface Account {
  readonly id: string;
  /** Where AttioConnections keeps this workspace member's token. */
  readonly connectionId: string;
  readonly displayName: string;
  readonly memberId: string | null;
  readonly email: string | null;
  readonly avatarUrl: string | null;
  /** As Attio says (`admin`, `member`…), or `"unknown"` when the member could not be read. */
  readonly accessLevel: string;
  readonly workspace: { readonly id: string; readonly name: string | null; readonly slug: string | null; readonly logoUrl: string | null };
  readonly grantedScopes: readonly string[];
  /** ISO timestamps: sessions store JSON, not Dates. */
  readonly issuedAt: string | null;
  readonly expiresAt: string | null;
}

export function toAccount(profile: AttioProfile): Account {
  return {
    id: profile.id,
    connectionId: connectionIdOf(profile),
    displayName: profile.displayName,
    memberId: profile.memberId,
    email: profile.emails?.[0]?.value ?? null,
    avatarUrl: profile.photos?.[0]?.value ?? null,
    accessLevel: profile.accessLevel,
    workspace: { ...profile.workspace },
    grantedScopes: [...profile.scopes],
    issuedAt: profile.issuedAt?.toISOString() ?? null,
    expiresAt: profile.expiresAt?.toISOString() ?? null,
  };
}

/** The signed-in account, if any. (passport types `req.user` as an empty interface.) */
export function currentAccount(req: { user?: unknown }): Account | undefined {
  return req.user as Account | undefined;
}

/** One connection per workspace member who approved the app: signing in again replaces it. */
export function connectionIdOf(profile: AttioProfile): string {
  return `${profile.workspace.id}:${profile.memberId ?? "workspace"}`;
}
