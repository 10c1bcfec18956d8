/**
 * `GET /authorize` shows the consent page; `POST /authorize` takes the person's
 * decision and sends the browser back to the app with a code or `access_denied`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { consentPage, sandboxErrorPage } from "./consent-page";
import type { SandboxAutoApprove, SandboxContext } from "./context";
import type { ConsentAnswer } from "./grants";
import { param, readForm, redirect, repeatedParameter, RequestBody, sendHtml } from "./http";

/** An S256 challenge is BASE64URL of 32 bytes: 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const MAX_STATE_LENGTH = 2048;

export function showConsent(context: SandboxContext, url: URL, req: IncomingMessage, res: ServerResponse): void {
  const query = url.searchParams;
  const clientId = param(query, "client_id");
  const redirectUri = param(query, "redirect_uri");
  // RFC 6749 §4.1.2.1: without a known client and a registered redirect URI,
  // tell the person, never redirect.
  if (clientId !== context.clientId || query.getAll("client_id").length > 1) {
    return sendHtml(
      res,
      400,
      sandboxErrorPage("Unknown app", "This sign-in link names an app (client_id) that this workspace does not know."),
    );
  }
  if (redirectUri === undefined || query.getAll("redirect_uri").length > 1 || !isRegistered(context, redirectUri, req)) {
    return sendHtml(
      res,
      400,
      sandboxErrorPage(
        "Redirect URI not registered",
        "The redirect_uri of this sign-in link is not one of the app's registered redirect URIs.",
      ),
    );
  }
  const refusal = checkAuthorizeQuery(query);
  const state = echoableState(query);
  if (refusal) return redirect(res, callbackUrl(redirectUri, { error: refusal.error, error_description: refusal.description }, state));
  const request = { clientId, redirectUri, state, codeChallenge: param(query, "code_challenge") };
  if (context.autoApprove !== undefined) return decide(context, request, context.autoApprove, res);
  const requestId = context.grants.openConsent(request);
  sendHtml(
    res,
    200,
    consentPage({
      requestId,
      appName: context.appName,
      workspace: context.workspace,
      scopes: context.grantedScopes,
      members: context.members,
      formAction: `${context.basePath}/authorize`,
      redirectOrigin: new URL(redirectUri).origin,
    }),
  );
}

/**
 * Registered exactly; or, for a registered path alone, that path on the origin
 * the browser used to reach the sandbox (the `Host` it sent), for an app that
 * shares the sandbox's server and can be reached at several addresses.
 */
function isRegistered(context: SandboxContext, redirectUri: string, req: IncomingMessage): boolean {
  if (context.redirectUris.has(redirectUri)) return true;
  const host = req.headers.host;
  if (host === undefined || !URL.canParse(redirectUri)) return false;
  const uri = new URL(redirectUri);
  const sameOrigin = uri.protocol === "http:" && uri.host === host.toLowerCase() && uri.username === "" && uri.password === "";
  return sameOrigin && uri.search === "" && uri.hash === "" && context.redirectUris.has(uri.pathname);
}

/** Errors that go back to the app (the redirect URI is trusted by now). `scope` is ignored, as Attio does. */
function checkAuthorizeQuery(query: URLSearchParams): { error: string; description: string } | undefined {
  const repeated = repeatedParameter(query);
  if (repeated) return { error: "invalid_request", description: `The ${repeated} parameter is repeated.` };
  if (param(query, "response_type") !== "code")
    return { error: "unsupported_response_type", description: "Only response_type=code is supported." };
  if ((param(query, "state")?.length ?? 0) > MAX_STATE_LENGTH)
    return { error: "invalid_request", description: "The state parameter is too long." };
  const challenge = param(query, "code_challenge");
  const method = param(query, "code_challenge_method");
  if (challenge === undefined && method === undefined) return undefined;
  if (method !== "S256") return { error: "invalid_request", description: "Only code_challenge_method=S256 is supported." };
  if (challenge === undefined || !S256_CHALLENGE.test(challenge)) {
    return { error: "invalid_request", description: "The code_challenge is missing or malformed." };
  }
  return undefined;
}

export function takeDecision(context: SandboxContext, req: IncomingMessage, raw: RequestBody, res: ServerResponse): void {
  const body = readForm(req, raw);
  if (!body.ok) return sendHtml(res, 400, sandboxErrorPage("Bad request", body.reason));
  const requestId = param(body.form, "request_id");
  const consent = requestId === undefined ? undefined : context.grants.takeConsent(requestId);
  if (!consent) {
    return sendHtml(res, 400, sandboxErrorPage("This request has expired", "Go back to the app and start signing in again."));
  }
  const decision = param(body.form, "decision") === "approve" ? (param(body.form, "member_id") ?? "") : "deny";
  decide(context, consent, decision, res);
}

/** Sends the browser back with a code for the approving member, or with `access_denied`. */
function decide(context: SandboxContext, consent: ConsentAnswer, decision: SandboxAutoApprove, res: ServerResponse): void {
  if (decision === "deny") {
    return redirect(
      res,
      callbackUrl(consent.redirectUri, { error: "access_denied", error_description: "The user denied the request." }, consent.state),
    );
  }
  const member = decision === true ? context.members[0] : context.members.find((candidate) => candidate.id === decision);
  if (!member)
    return sendHtml(
      res,
      400,
      sandboxErrorPage("No member chosen", "Go back to the app, sign in again, and pick a workspace member to approve as."),
    );
  const code = context.grants.issueCode(consent, { memberId: member.id, scopes: context.grantedScopes, workspace: context.workspace });
  redirect(res, callbackUrl(consent.redirectUri, { code }, consent.state));
}

/** `state` as it may be echoed back: a single value of sensible length. */
function echoableState(query: URLSearchParams): string | undefined {
  const values = query.getAll("state");
  return values.length === 1 && (values[0]?.length ?? 0) <= MAX_STATE_LENGTH ? values[0] : undefined;
}

/** The redirect URI with the answer's parameters added, and `state` echoed back when there was one. */
function callbackUrl(redirectUri: string, params: Record<string, string>, state: string | undefined): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  if (state !== undefined) url.searchParams.set("state", state);
  return url.toString();
}
