/**
 * What Attio's answers must prove before a login trusts them: the token is this
 * app's, for one workspace, unexpired, from Attio; the member is a plain id in
 * that workspace and not suspended. Each refusal is a sign-in failure with its
 * own stable code, never a fault.
 */
import type { AttioMember } from "../attio/member";
import type { AttioSelfActive } from "../attio/self";
import { AttioGrantError } from "../errors";

/** The issuer `/v2/self` names. */
export const ATTIO_ISSUER = "attio.com";

/** Attio's ids are UUIDs; anything outside this could steer the Bearer token to another path. */
const PLAIN_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Refuses a `/v2/self` answer that does not prove the token is this app's, for this workspace, live and Attio's. */
export function proveSelf(self: AttioSelfActive, clientID: string, now = Date.now()): void {
  if (self.client_id === undefined && self.aud === undefined) {
    refuse("ATTIO_NO_CLIENT", "Attio did not say which app this access token was issued to, so it cannot be trusted here.");
  }
  for (const issuedTo of [self.client_id, self.aud]) {
    if (issuedTo !== undefined && issuedTo !== clientID) {
      refuse("ATTIO_WRONG_CLIENT", "Attio issued this access token to a different app, so it cannot be used here.");
    }
  }
  if (self.sub !== undefined && self.workspace_id && self.sub !== self.workspace_id) {
    refuse("ATTIO_WRONG_WORKSPACE", "Attio's answer names two different workspaces for this access token, so it cannot be trusted.");
  }
  if (typeof self.exp === "number" && self.exp * 1000 <= now) {
    refuse("ATTIO_TOKEN_EXPIRED", "Attio reports this access token as expired. Please sign in again.");
  }
  if (self.iss !== undefined && self.iss !== ATTIO_ISSUER) {
    refuse("ATTIO_WRONG_ISSUER", "The access token was not issued by Attio, so it cannot be trusted.");
  }
  const memberId = self.authorized_by_workspace_member_id;
  if (typeof memberId === "string" && memberId !== "" && !PLAIN_ID.test(memberId)) {
    refuse("ATTIO_INVALID_MEMBER_ID", "Attio named the approving workspace member with an id that is not a plain id, so it was not used.");
  }
}

/** Refuses a member record from another workspace, or (unless allowed) a suspended member. */
export function proveMember(member: AttioMember, workspaceId: string, allowSuspendedMembers: boolean): void {
  const memberWorkspace = member.id.workspace_id;
  if (memberWorkspace !== undefined && memberWorkspace !== workspaceId) {
    refuse("ATTIO_WRONG_WORKSPACE", "Attio's workspace member record belongs to another workspace than the access token.");
  }
  if (member.access_level === "suspended" && !allowSuspendedMembers) {
    refuse("ATTIO_MEMBER_SUSPENDED", "This workspace member is suspended in Attio, so they cannot sign in.");
  }
}

function refuse(code: ConstructorParameters<typeof AttioGrantError>[0], message: string): never {
  throw new AttioGrantError(code, message);
}
