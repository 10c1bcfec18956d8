/** Building the Passport profile from what Attio said. Pure: no I/O. */
import type { Profile } from "passport";
import type { AttioMember } from "../attio/member";
import type { AttioSelfActive } from "../attio/self";
import { toDate } from "../util/to-date";

/** The workspace that installed the app. */
export interface AttioWorkspace {
  readonly id: string;
  readonly name: string | null;
  readonly slug: string | null;
  readonly logoUrl: string | null;
}

/**
 * A workspace member's access level as Attio names it, or `"unknown"` when the member could not
 * be read. The names are spelled out (so an editor completes them and a typo in a comparison
 * stands out); any other string Attio may send one day is kept as it came.
 *
 * @example
 * ```ts
 * const canManage = (level: AttioAccessLevel) => level === "admin";
 * ```
 */
export type AttioAccessLevel = "admin" | "member" | "suspended" | "unknown" | (string & {});

/**
 * Whom a token acts for, as `/v2/self`'s `token_level` says: the workspace, or one user.
 * Another string Attio may send one day is kept as it came.
 *
 * @example
 * ```ts
 * const actsForWorkspace = (level: AttioTokenLevel | null) => level === "workspace";
 * ```
 */
export type AttioTokenLevel = "workspace" | "user" | (string & {});

/**
 * The Passport profile of an Attio sign-in.
 *
 * Attio tokens belong to a workspace, not a person. `id` is the workspace member
 * who approved the install (`authorized_by_workspace_member_id`), so two people of
 * one workspace get different ids. When Attio names no member, `id` falls back to
 * the workspace id, shared by everyone who signs in to that workspace.
 *
 * @example
 * ```ts
 * new AttioStrategy(options, async (accessToken, refreshToken, params, profile) => {
 *   return users.upsert({ attioId: profile.id, workspace: profile.workspace.id, email: profile.emails?.[0]?.value });
 * });
 * ```
 */
export interface AttioProfile extends Profile {
  readonly provider: "attio";
  /** The authorising member's id, else the workspace id (see above). */
  readonly id: string;
  /** The member's full name, else the workspace name, else the workspace id. */
  readonly displayName: string;
  /** The member's id, or null when Attio did not name one. */
  readonly memberId: string | null;
  readonly workspace: AttioWorkspace;
  /**
   * `admin`, `member` or `suspended` as Attio says; `"unknown"` when the member could not be
   * read (no `user_management:read`, or Attio refused with 403/404). Check it with an
   * allowlist (`["admin", "member"].includes(profile.accessLevel)`), never by excluding values.
   */
  readonly accessLevel: AttioAccessLevel;
  /** The scopes Attio granted, from `/v2/self`: a fresh array, the profile's own, to store as it is. */
  readonly scopes: string[];
  /** `workspace` or `user` when Attio says, else null. */
  readonly tokenLevel: AttioTokenLevel | null;
  /** When the token was issued, if Attio said. */
  readonly issuedAt: Date | null;
  /** When the token expires; null for Attio's non-expiring tokens. */
  readonly expiresAt: Date | null;
  /** The exact bodies Attio returned. */
  readonly _raw: { readonly self: string; readonly member: string | null };
  /** The parsed bodies Attio returned (`member` is the response's `data`). */
  readonly _json: { readonly self: AttioSelfActive; readonly member: AttioMember | null };
}

/** What {@link buildProfile} reads: an active `/v2/self` with its workspace, and the member if it was fetched. */
export interface ProfileSource {
  readonly self: AttioSelfActive & { readonly workspace_id: string };
  readonly selfRaw: string;
  readonly scopes: readonly string[];
  readonly member: AttioMember | null;
  readonly memberRaw: string | null;
}

/** Builds an {@link AttioProfile}. */
export function buildProfile({ self, selfRaw, scopes, member, memberRaw }: ProfileSource): AttioProfile {
  const workspace: AttioWorkspace = {
    id: self.workspace_id,
    name: self.workspace_name ?? null,
    slug: self.workspace_slug ?? null,
    logoUrl: self.workspace_logo_url ?? null,
  };
  const memberId = self.authorized_by_workspace_member_id || null;
  const fullName = [member?.first_name, member?.last_name].filter(Boolean).join(" ").trim();
  return {
    provider: "attio",
    id: memberId ?? workspace.id,
    displayName: fullName || workspace.name || workspace.id,
    ...(member && { name: { givenName: member.first_name ?? "", familyName: member.last_name ?? "" } }),
    ...(member?.email_address && { emails: [{ value: member.email_address, type: "work" }] }),
    ...(member?.avatar_url && { photos: [{ value: member.avatar_url }] }),
    memberId,
    workspace,
    accessLevel: member?.access_level ?? "unknown",
    scopes: [...scopes],
    tokenLevel: self.token_level ?? null,
    issuedAt: toDate(self.iat),
    expiresAt: toDate(self.exp),
    _raw: { self: selfRaw, member: memberRaw },
    _json: { self, member },
  };
}
