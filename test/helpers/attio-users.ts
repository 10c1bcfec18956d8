/**
 * Attio for many users at once: authorization code `code-<n>` exchanges for
 * token `token-<n>`, whose `/v2/self` names member `member-<n>`, called "User <n>".
 * Unknown codes and tokens get Attio's refusals, so a mix-up cannot pass as a login.
 */
import nock from "nock";
import { API_ORIGIN, APP_ORIGIN } from "./attio";
import { memberBody, selfBody, WORKSPACE_ID } from "../../harness/fixtures";

export const userCode = (n: number): string => `code-${n}`;
export const userToken = (n: number): string => `token-${n}-0123456789abcdef`;
export const userMember = (n: number): string => `member-${n}`;

/** Token requests seen, by code, with the verifier each carried. */
export type SeenTokenRequests = Map<string, { verifier: string | undefined }>;

/** Installs persistent interceptors for users `0..count-1`; returns what the token endpoint saw. */
export function mockAttioUsers(count: number): SeenTokenRequests {
  const seen: SeenTokenRequests = new Map();
  const numberOf = (text: string | undefined, pattern: RegExp): number | undefined => {
    const n = Number(pattern.exec(text ?? "")?.[1]);
    return Number.isInteger(n) && n >= 0 && n < count ? n : undefined;
  };
  nock(APP_ORIGIN)
    .persist()
    .post("/oauth/token")
    .reply((_uri, body) => {
      const form = new URLSearchParams(String(body));
      const code = form.get("code") ?? "";
      seen.set(code, { verifier: form.get("code_verifier") ?? undefined });
      const n = numberOf(code, /^code-(\d+)$/);
      if (n === undefined) return [400, { error: "invalid_grant", error_description: "Unknown authorization code." }];
      return [200, { access_token: userToken(n), token_type: "Bearer" }];
    });
  nock(API_ORIGIN)
    .persist()
    .get("/v2/self")
    .reply(function () {
      const n = numberOf(String(this.req.headers["authorization"]), /^Bearer token-(\d+)-0123456789abcdef$/);
      return [200, n === undefined ? { active: false } : selfBody({ authorized_by_workspace_member_id: userMember(n) })];
    })
    .get(/^\/v2\/workspace_members\/member-\d+$/)
    .reply(function (uri) {
      const n = numberOf(uri, /member-(\d+)$/);
      const token = n === undefined ? undefined : numberOf(String(this.req.headers["authorization"]), /^Bearer token-(\d+)-/);
      if (n === undefined || token !== n)
        return [404, { status_code: 404, type: "invalid_request_error", code: "not_found", message: "Member not found." }];
      return [
        200,
        memberBody({ id: { workspace_id: WORKSPACE_ID, workspace_member_id: userMember(n) }, first_name: "User", last_name: String(n) }),
      ];
    });
  return seen;
}
