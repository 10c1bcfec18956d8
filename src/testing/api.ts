/**
 * Attio's API as the strategy uses it: `GET /v2/self` (and `POST /oauth/introspect`,
 * which answers the same), and `GET /v2/workspace_members/{id}`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { avatarUrl, logoUrl, SandboxContext } from "./context";
import type { TokenGrant } from "./grants";
import { bearerToken, sendAttioError, sendJson } from "./http";

/** `/v2/self`: HTTP 200 for any well-formed token, `{"active": false}` when it is unknown or revoked. */
export function describeToken(context: SandboxContext, req: IncomingMessage, res: ServerResponse): void {
  const token = bearerToken(req);
  if (token === undefined) return unauthorized(res);
  const grant = context.grants.activeToken(token);
  if (!grant) return sendJson(res, 200, { active: false });
  const { workspace } = grant;
  sendJson(res, 200, {
    active: true,
    scope: grant.scopes.join(" "),
    client_id: grant.clientId,
    token_type: "Bearer",
    exp: grant.expiresAt,
    iat: grant.issuedAt,
    sub: workspace.id,
    aud: grant.clientId,
    iss: "attio.com",
    authorized_by_workspace_member_id: grant.memberId,
    workspace_id: workspace.id,
    workspace_name: workspace.name,
    workspace_slug: workspace.slug,
    workspace_logo_url: logoUrl(context, workspace),
    token_level: "workspace",
  });
}

/** `/v2/workspace_members/{id}`: needs `user_management:read` or `:read-write`. */
export function describeMember(context: SandboxContext, memberId: string, req: IncomingMessage, res: ServerResponse): void {
  const token = bearerToken(req);
  const grant = token === undefined ? undefined : context.grants.activeToken(token);
  if (!grant) return unauthorized(res);
  if (!canReadMembers(grant)) {
    return sendAttioError(
      res,
      403,
      "auth_error",
      "forbidden",
      "This token does not have the user_management:read scope needed to read workspace members.",
    );
  }
  const member = context.members.find((candidate) => candidate.id === memberId);
  if (!member) {
    return sendAttioError(res, 404, "invalid_request_error", "not_found", `Workspace member with ID "${memberId.slice(0, 80)}" not found.`);
  }
  sendJson(res, 200, {
    data: {
      id: { workspace_id: grant.workspace.id, workspace_member_id: member.id },
      first_name: member.firstName,
      last_name: member.lastName,
      avatar_url: avatarUrl(context, member),
      email_address: member.email,
      created_at: member.createdAt,
      access_level: member.accessLevel,
    },
  });
}

function canReadMembers(grant: TokenGrant): boolean {
  return grant.scopes.includes("user_management:read") || grant.scopes.includes("user_management:read-write");
}

function unauthorized(res: ServerResponse): void {
  sendAttioError(res, 401, "auth_error", "unauthorized", "A valid Bearer access token is required.");
}
