/** The token endpoint's answers: a token set, or an OAuth error. */
import { TokenError } from "passport-oauth2";
import { AttioRequestError } from "../errors";
import { isRecord, parseJsonOrUndefined } from "../util/json";
import { redact } from "../util/redact";
import { parseJson, statusError } from "./responses";
import type { HttpRequest, HttpResponse } from "./transport";
import { nullableNumber, optionalString } from "./fields";

const WHERE = "token response";
const VSCHAR = /^[\x20-\x7e]+$/;

/** A validated token response. Attio sends only `access_token` and `token_type` today. */
export interface TokenResponse {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  /** Lifetime in seconds, when the response gave one. */
  readonly expiresIn: number | undefined;
  /** Granted scopes, when the response listed them (Attio's does not). */
  readonly scope: string | undefined;
  /** The whole JSON body. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** Turns the token endpoint's answer into a {@link TokenResponse} or throws a typed error. */
export function readTokenResponse(response: HttpResponse, request: HttpRequest): TokenResponse {
  const json = response.status >= 200 && response.status < 300 ? parseJson(response, request.endpoint) : undefined;
  const oauthError = tokenError(json ?? parseJsonOrUndefined(response.text), response.status, request.secrets);
  if (oauthError) throw oauthError;
  if (json === undefined) throw statusError(response, request);
  if (!isRecord(json)) throw invalid("is not a JSON object");
  const accessToken = optionalString(json, "access_token", WHERE);
  if (!accessToken) throw invalid('has no "access_token"');
  // RFC 6749 A.12: a token is printable ASCII. Anything else cannot travel in a header.
  if (!VSCHAR.test(accessToken)) throw invalid('has an "access_token" with characters no token may contain');
  const tokenType = optionalString(json, "token_type", WHERE);
  if (tokenType !== undefined && tokenType.toLowerCase() !== "bearer") throw invalid('has a "token_type" other than Bearer');
  const expiresIn = nullableNumber(json, "expires_in", WHERE) ?? undefined;
  if (expiresIn !== undefined && expiresIn < 0) throw invalid('has a negative "expires_in"');
  const refreshToken = optionalString(json, "refresh_token", WHERE) || undefined;
  if (refreshToken !== undefined && !VSCHAR.test(refreshToken)) throw invalid('has a "refresh_token" with characters no token may contain');
  return {
    accessToken,
    refreshToken,
    expiresIn,
    scope: optionalString(json, "scope", WHERE),
    raw: json,
  };
}

function invalid(what: string): AttioRequestError {
  return new AttioRequestError("ATTIO_RESPONSE_INVALID", `Attio's ${WHERE} ${what}.`);
}

/** An RFC 6749 §5.2 error body becomes passport-oauth2's `TokenError`, as with any OAuth 2.0 strategy. */
function tokenError(json: unknown, status: number, secrets: readonly string[]): TokenError | undefined {
  if (!isRecord(json) || typeof json["error"] !== "string") return undefined;
  const description = typeof json["error_description"] === "string" ? redact(json["error_description"], secrets) : undefined;
  const uri = typeof json["error_uri"] === "string" ? redact(json["error_uri"], secrets) : undefined;
  const code = redact(json["error"], secrets);
  // An empty or absent description must not make an error with no message.
  const message = description?.trim() || `Attio's token endpoint refused the request${code.trim() ? ` (${code.trim()})` : ""}.`;
  return new TokenError(message, code, uri, status >= 400 ? status : 400);
}
