/**
 * The token request as passport-oauth2 (and passport-oauth2-refresh) make it,
 * through node-oauth's `getOAuthAccessToken`, served by our client instead.
 */
import type { AttioClient } from "../attio/client";
import { toCallback } from "../util/to-callback";

type TokenCallback = (err: unknown, accessToken?: string, refreshToken?: string, params?: Record<string, unknown>) => void;

/** node-oauth's `getOAuthAccessToken(code, params, callback)`, backed by our client. */
export function tokenRequester(client: AttioClient) {
  return (code: string, params: Readonly<Record<string, unknown>>, callback: TokenCallback): void =>
    toCallback(client.requestToken(grantFields(code, params)), (err, token) =>
      token ? callback(null, token.accessToken, token.refreshToken, withoutRefreshToken(token.raw)) : callback(err),
    );
}

/** The token request's grant fields, in the order RFC 6749 lists them. */
function grantFields(code: string, params: Readonly<Record<string, unknown>>): Record<string, string> {
  const grantType = typeof params["grant_type"] === "string" ? params["grant_type"] : "authorization_code";
  const fields: Record<string, string> = { grant_type: grantType, [grantType === "refresh_token" ? "refresh_token" : "code"]: code };
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string" && !(key in fields)) fields[key] = value;
  }
  return fields;
}

function withoutRefreshToken(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { refresh_token: _omitted, ...rest } = raw;
  return rest;
}
