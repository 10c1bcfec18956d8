/**
 * What happens after the token exchange: ask Attio what the token is worth,
 * refuse it if it cannot serve the app, and build the profile.
 */
import type { AttioClient } from "../attio/client";
import type { AttioSelfActive } from "../attio/self";
import { AttioGrantError, AttioRequestError } from "../errors";
import { AttioProfile, buildProfile } from "../profile/profile";
import { grantCovers, missingScopes, splitScopes } from "../scopes/scopes";
import { proveMember, proveSelf } from "./proof";

/** An active token that belongs to this app and covers the required scopes. */
export interface AcceptedGrant {
  readonly self: AttioSelfActive & { readonly workspace_id: string };
  readonly selfRaw: string;
  readonly scopes: readonly string[];
}

/** Checks the token with `GET /v2/self`. Throws {@link AttioGrantError} when it cannot be used. */
export async function acceptGrant(client: AttioClient, accessToken: string, requiredScopes: readonly string[]): Promise<AcceptedGrant> {
  const { json: self, raw: selfRaw } = await client.getSelf(accessToken);
  if (!self.active) {
    throw new AttioGrantError(
      "ATTIO_TOKEN_INACTIVE",
      "Attio reports this access token as inactive (revoked, deleted or unknown). Please sign in again.",
    );
  }
  proveSelf(self, client.config.clientID);
  const workspaceId = self.workspace_id;
  if (!workspaceId) {
    throw new AttioGrantError(
      "ATTIO_NO_WORKSPACE",
      "Attio did not say which workspace this access token belongs to, so sign-in cannot continue.",
    );
  }
  const scopes = grantedScopes(self, requiredScopes);
  const missing = missingScopes(requiredScopes, scopes);
  if (missing.length > 0) {
    throw new AttioGrantError(
      "ATTIO_INSUFFICIENT_SCOPE",
      `The Attio app was not granted the scopes it needs: ${missing.join(", ")}. ` +
        "Scopes are set in the app's settings in Attio's developer dashboard; add them there, then sign in again.",
      { missingScopes: missing },
    );
  }
  return { self: { ...self, workspace_id: workspaceId }, selfRaw, scopes };
}

function grantedScopes(self: AttioSelfActive, requiredScopes: readonly string[]): string[] {
  if (self.scope !== undefined) return splitScopes(self.scope);
  if (requiredScopes.length === 0) return [];
  throw new AttioRequestError(
    "ATTIO_RESPONSE_INVALID",
    `Attio's /v2/self response does not list the granted scopes, so the required ones (${requiredScopes.join(", ")}) cannot be checked.`,
  );
}

/**
 * Builds the profile of an accepted grant, reading the authorising member when the
 * grant allows it. A refused or unknown member leaves a workspace-only profile.
 */
export async function loadProfile(
  client: AttioClient,
  accessToken: string,
  grant: AcceptedGrant,
  allowSuspendedMembers = false,
): Promise<AttioProfile> {
  const memberId = grant.self.authorized_by_workspace_member_id;
  const canReadMembers = grantCovers(new Set(grant.scopes), "user_management:read");
  const member = memberId && canReadMembers ? await client.getMember(accessToken, memberId) : null;
  const answeredFor = member?.json.id.workspace_member_id;
  if (answeredFor !== undefined && answeredFor !== memberId) {
    throw new AttioRequestError(
      "ATTIO_RESPONSE_INVALID",
      "Attio's workspace member response describes a different member than the one requested.",
    );
  }
  if (member) proveMember(member.json, grant.self.workspace_id, allowSuspendedMembers);
  return buildProfile({
    self: grant.self,
    selfRaw: grant.selfRaw,
    scopes: grant.scopes,
    member: member?.json ?? null,
    memberRaw: member?.raw ?? null,
  });
}
