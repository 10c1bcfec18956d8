/** Attio's answers as attio-facts describes them, for tests to reuse and vary. */

export const CLIENT_ID = "client-id-123";
export const CLIENT_SECRET = "client-secret-ABCDEFGH";
export const CALLBACK_URL = "https://app.example.com/auth/attio/callback";
export const ACCESS_TOKEN = "access-token-0123456789";
export const AUTH_CODE = "authorization-code-XYZ987";
export const WORKSPACE_ID = "14beef7a-99f7-4534-a87e-70b564330a4c";
export const MEMBER_ID = "50cf242c-7fa3-4cad-87d0-75b1af71c57b";

/** An active `/v2/self` body with every documented field. */
export function selfBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    active: true,
    scope: "record_permission:read user_management:read",
    client_id: CLIENT_ID,
    token_type: "Bearer",
    exp: null,
    iat: 1700000000,
    sub: WORKSPACE_ID,
    aud: CLIENT_ID,
    iss: "attio.com",
    authorized_by_workspace_member_id: MEMBER_ID,
    workspace_id: WORKSPACE_ID,
    workspace_name: "Acme Corp",
    workspace_slug: "acme-corp",
    workspace_logo_url: "https://assets.attio.com/logos/acme.png",
    token_level: "workspace",
    ...overrides,
  };
}

/** A `/v2/workspace_members/{id}` body. */
export function memberBody(overrides: Record<string, unknown> = {}): { data: Record<string, unknown> } {
  return {
    data: {
      id: { workspace_id: WORKSPACE_ID, workspace_member_id: MEMBER_ID },
      first_name: "Ada",
      last_name: "Lovelace",
      avatar_url: "https://assets.attio.com/avatars/ada.png",
      email_address: "ada@acme.example",
      created_at: "2022-11-21T13:22:49.061281000Z",
      access_level: "admin",
      ...overrides,
    },
  };
}

/** Attio's token response: two fields and nothing else. */
export const TOKEN_BODY = { access_token: ACCESS_TOKEN, token_type: "Bearer" } as const;
