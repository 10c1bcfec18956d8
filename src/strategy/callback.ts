/**
 * The browser's half of the callback: the query (or form_post body) Attio sends
 * the user back with, checked before anything trusts it.
 */
import type { Request } from "express";
import { AuthorizationError } from "passport-oauth2";
import { redact } from "../util/redact";
import { AttioFailure, failure } from "./failures";
import { ATTIO_ISSUER } from "./proof";

/** Longest value accepted for each callback parameter; real ones are far shorter. */
const MAX_LENGTH: Readonly<Record<CallbackParameter, number>> = {
  code: 2048,
  state: 1024,
  error: 128,
  error_description: 1024,
  error_uri: 2048,
  iss: 256,
};
type CallbackParameter = "code" | "state" | "error" | "error_description" | "error_uri" | "iss";
const PARAMETERS = Object.keys(MAX_LENGTH) as readonly CallbackParameter[];

/** How a callback request should be handled before passport-oauth2 sees it. */
export type CallbackCheck =
  /** `callback`: Attio sent the browser back; otherwise the request starts a sign-in (the authorize redirect). */
  | { readonly kind: "pass"; readonly callback: boolean }
  | { readonly kind: "fail"; readonly failure: AttioFailure; readonly status: number }
  | { readonly kind: "error"; readonly error: AuthorizationError };

/**
 * Rejects malformed callbacks and turns OAuth error responses into a failure or an error.
 * `issuers` are the values an RFC 9207 `iss` parameter may have; a callback without one is accepted.
 */
export function checkCallback(req: Request, issuers: ReadonlySet<string>): CallbackCheck {
  const read = callbackParams(req);
  if (read === "malformed") {
    return { kind: "fail", failure: failure("ATTIO_CALLBACK_MALFORMED"), status: 400 };
  }
  const { values: params, present } = read;
  if (params.iss !== undefined && !issuers.has(params.iss)) {
    return { kind: "fail", failure: failure("ATTIO_WRONG_ISSUER"), status: 400 };
  }
  if (present.has("error")) return errorResponse(params);
  const isCallback = present.has("code") || present.has("state");
  if (isCallback && !params.code) {
    return { kind: "fail", failure: failure("ATTIO_CODE_MISSING"), status: 400 };
  }
  return { kind: "pass", callback: isCallback };
}

/**
 * Attio's issuer as `/v2/self` names it and as a URL, and the origin of the
 * authorization endpoint in use (a stand-in's, in tests): Attio sends no `iss` today.
 */
export function callbackIssuers(authorizationURL: string): ReadonlySet<string> {
  return new Set([ATTIO_ISSUER, `https://${ATTIO_ISSUER}`, "https://app.attio.com", new URL(authorizationURL).origin]);
}

type Params = Partial<Record<CallbackParameter, string>>;

/** The non-empty value of each parameter, and which parameters were there at all (empty or not). */
interface ReadParams {
  readonly values: Params;
  readonly present: ReadonlySet<CallbackParameter>;
}

/**
 * Every parameter from every source passport-oauth2 reads (`req.query.x || req.body.x`):
 * each present value must be one short string, and an empty one counts as missing,
 * so a value passport-oauth2 would take from the body is checked like the query's.
 */
function callbackParams(req: Request): ReadParams | "malformed" {
  const values: Params = {};
  const present = new Set<CallbackParameter>();
  for (const source of [req.query as unknown, req.body as unknown]) {
    if (typeof source !== "object" || source === null) continue;
    for (const name of PARAMETERS) {
      const value = Object.hasOwn(source, name) ? (source as Record<string, unknown>)[name] : undefined;
      if (value === undefined) continue;
      // Repeated (?code=a&code=b) or nested values are never what Attio sends.
      if (typeof value !== "string" || value.length > MAX_LENGTH[name]) return "malformed";
      present.add(name);
      // The query's value first, as passport-oauth2 reads `req.query.x || req.body.x`.
      if (value !== "" && values[name] === undefined) values[name] = value;
    }
  }
  return { values, present };
}

/** RFC 6749 §4.1.2.1's characters of an `error` code: printable ASCII but `"` and `\`. */
const ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

function errorResponse(params: Params): CallbackCheck {
  if (params.error === "access_denied") {
    return { kind: "fail", failure: failure("ATTIO_ACCESS_DENIED"), status: 403 };
  }
  // No code Attio could send: the browser's own, which must not become an error's `code` (nor a 500).
  if (params.error !== undefined && !ERROR_CODE.test(params.error)) {
    return { kind: "fail", failure: failure("ATTIO_CALLBACK_MALFORMED"), status: 400 };
  }
  const code = redact(params.error ?? "", []);
  // An empty or blank description must not make an error with no message.
  const description = redact(params.error_description ?? "", []).trim();
  return {
    kind: "error",
    error: new AuthorizationError(
      description || `Attio refused the authorization request${code ? ` (${code})` : ""}.`,
      code,
      // Cleaned like the others: logged raw, a control character would forge a log line.
      params.error_uri === undefined ? undefined : redact(params.error_uri, []),
    ),
  };
}
