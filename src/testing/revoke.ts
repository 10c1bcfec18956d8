/**
 * `POST /oauth/revoke`, as Attio documents it: the token as a Bearer header or
 * as a form field `token`; 204 once it is inactive; 400 when no token is named,
 * or when the header and the body name different ones.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "./context";
import { bearerToken, hasFormBody, param, readForm, repeatedParameter, RequestBody, sendJson } from "./http";

export function revokeToken(context: SandboxContext, req: IncomingMessage, body: RequestBody, res: ServerResponse): void {
  const named = namedToken(req, body);
  if ("refusal" in named) return sendJson(res, 400, { error: "invalid_request", error_description: named.refusal });
  // RFC 7009 §2.2: an unknown token is no error, the answer is the same.
  context.grants.revoke(named.token);
  res.writeHead(204, { "cache-control": "no-store" });
  res.end();
}

/** The one token the request names, or why it names none (or two). */
function namedToken(req: IncomingMessage, body: RequestBody): { readonly token: string } | { readonly refusal: string } {
  const hasHeader = req.headers.authorization !== undefined;
  const fromHeader = bearerToken(req);
  if (hasHeader && fromHeader === undefined) return { refusal: "The Authorization header must be a Bearer token." };
  const fromBody = formToken(req, body, hasHeader);
  if (typeof fromBody === "object") return fromBody;
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    return { refusal: "The Authorization header and the token field name different tokens." };
  }
  const token = fromHeader ?? fromBody;
  return token === undefined || token === "" ? { refusal: "No token to revoke: send it as a Bearer header or a token field." } : { token };
}

/** The form's `token` field; with a Bearer header, a request without a form body is fine. */
function formToken(req: IncomingMessage, body: RequestBody, hasHeader: boolean): string | undefined | { readonly refusal: string } {
  if (hasHeader && !hasFormBody(req)) return undefined;
  const parsed = readForm(req, body);
  if (!parsed.ok) return { refusal: parsed.reason };
  const repeated = repeatedParameter(parsed.form);
  if (repeated) return { refusal: `The ${repeated} parameter is repeated.` };
  return param(parsed.form, "token");
}
