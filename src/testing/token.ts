/**
 * `POST /oauth/token`: the authorization-code exchange, with client credentials
 * in the form body as Attio documents. Errors are RFC 6749 §5.2 bodies.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "./context";
import type { GrantRefusal, IssuedTokens } from "./grants";
import { param, readForm, repeatedParameter, RequestBody, sendJson } from "./http";

export function exchangeCode(context: SandboxContext, req: IncomingMessage, raw: RequestBody, res: ServerResponse): void {
  const body = readForm(req, raw);
  if (!body.ok) return oauthError(res, 400, "invalid_request", body.reason);
  const form = body.form;
  const repeated = repeatedParameter(form);
  if (repeated) return oauthError(res, 400, "invalid_request", `The ${repeated} parameter is repeated.`);
  if (param(form, "client_id") !== context.clientId || param(form, "client_secret") !== context.clientSecret) {
    return oauthError(res, 401, "invalid_client", "Client authentication failed: check the client_id and client_secret.");
  }
  const grantType = param(form, "grant_type");
  if (grantType === "refresh_token" && context.grants.issuesRefreshTokens) return refreshToken(context, form, res);
  // Attio issues no refresh tokens, so its only grant is the authorization code.
  if (grantType !== "authorization_code")
    return oauthError(res, 400, "unsupported_grant_type", "Only grant_type=authorization_code is supported.");
  const code = param(form, "code");
  if (!code) return oauthError(res, 400, "invalid_request", "The code parameter is missing.");
  const outcome = context.grants.exchange({
    code,
    clientId: context.clientId,
    redirectUri: param(form, "redirect_uri"),
    codeVerifier: param(form, "code_verifier"),
  });
  sendTokens(res, outcome);
}

function refreshToken(context: SandboxContext, form: URLSearchParams, res: ServerResponse): void {
  const token = param(form, "refresh_token");
  if (!token) return oauthError(res, 400, "invalid_request", "The refresh_token parameter is missing.");
  sendTokens(res, context.grants.refresh(token, context.clientId));
}

/** Attio's answer is exactly `access_token` and `token_type`; refresh mode adds the standard two. */
function sendTokens(res: ServerResponse, outcome: IssuedTokens | GrantRefusal): void {
  if ("error" in outcome) return oauthError(res, 400, outcome.error, outcome.description);
  const { accessToken, refreshToken, expiresIn } = outcome;
  sendJson(res, 200, {
    access_token: accessToken,
    token_type: "Bearer",
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken, expires_in: expiresIn }),
  });
}

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}
