/**
 * The browser's half of the callback: the query (or form_post body) Attio sends
 * the user back with, checked before anything trusts it.
 */
import type { Request } from "express";
import { AuthorizationError } from "passport-oauth2";
import { redact } from "../util/redact";
import { AttioFailure, failure } from "./failures";

/** Longest value accepted for each callback parameter; real ones are far shorter. */
const MAX_LENGTH: Readonly<Record<CallbackParameter, number>> = {
  code: 2048,
  state: 1024,
  error: 128,
  error_description: 1024,
  error_uri: 2048,
};
type CallbackParameter = "code" | "state" | "error" | "error_description" | "error_uri";

/** How a callback request should be handled before passport-oauth2 sees it. */
export type CallbackCheck =
  | { readonly kind: "pass" }
  | { readonly kind: "fail"; readonly failure: AttioFailure; readonly status: number }
  | { readonly kind: "error"; readonly error: AuthorizationError };

/** Rejects malformed callbacks and turns OAuth error responses into a failure or an error. */
export function checkCallback(req: Request): CallbackCheck {
  const params = callbackParams(req);
  if (params === "malformed") {
    return { kind: "fail", failure: failure("ATTIO_CALLBACK_MALFORMED"), status: 400 };
  }
  if (params.error !== undefined) return errorResponse(params);
  const isCallback = params.code !== undefined || params.state !== undefined;
  if (isCallback && !params.code) {
    return { kind: "fail", failure: failure("ATTIO_CODE_MISSING"), status: 400 };
  }
  return { kind: "pass" };
}

type Params = Partial<Record<CallbackParameter, string>>;

function callbackParams(req: Request): Params | "malformed" {
  const sources = [req.query as unknown, req.body as unknown].filter((source) => typeof source === "object" && source !== null);
  const params: Params = {};
  for (const name of Object.keys(MAX_LENGTH) as CallbackParameter[]) {
    for (const source of sources as Record<string, unknown>[]) {
      const value = source[name];
      if (value === undefined || params[name] !== undefined) continue;
      // Repeated (?code=a&code=b) or nested values are never what Attio sends.
      if (typeof value !== "string" || value.length > MAX_LENGTH[name]) return "malformed";
      params[name] = value;
    }
  }
  return params;
}

function errorResponse(params: Params): CallbackCheck {
  if (params.error === "access_denied") {
    return { kind: "fail", failure: failure("ATTIO_ACCESS_DENIED"), status: 403 };
  }
  const code = redact(params.error ?? "", []);
  // An empty or blank description must not make an error with no message.
  const description = redact(params.error_description ?? "", []).trim();
  return {
    kind: "error",
    error: new AuthorizationError(
      description || `Attio refused the authorization request${code ? ` (${code})` : ""}.`,
      code,
      params.error_uri,
    ),
  };
}
