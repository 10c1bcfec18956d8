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

/** What the sandbox will not send back to the app: a page of its own tells the person. */
interface Refused {
  readonly refused: { readonly title: string; readonly text: string };
}

/** Where the browser goes next: back to the app. */
interface Redirect {
  readonly location: string;
}

/** What `GET /authorize` makes of a sign-in link before anyone decides: refused, an error for the app, or a request to decide. */
type Authorization = Refused | Redirect | { readonly ask: ConsentAnswer };

export function showConsent(context: SandboxContext, url: URL, req: IncomingMessage, res: ServerResponse): void {
  const outcome = authorization(context, url.searchParams, req.headers.host);
  if ("refused" in outcome) return sendHtml(res, 400, sandboxErrorPage(outcome.refused.title, outcome.refused.text));
  if ("location" in outcome) return redirect(res, outcome.location);
  if (context.autoApprove !== undefined) return sendDecision(res, decide(context, outcome.ask, context.autoApprove));
  const requestId = context.grants.openConsent(outcome.ask);
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
      redirectOrigin: new URL(outcome.ask.redirectUri).origin,
    }),
  );
}

/**
 * Decides a sign-in link without HTTP, as the person would on the consent page
 * (for {@link AttioSandbox.approve}): where the browser goes next. A link the
 * sandbox would answer with a page of its own is a TypeError.
 */
export function approveLink(context: SandboxContext, link: URL, decision: SandboxAutoApprove): string {
  const outcome = authorization(context, link.searchParams, link.host);
  if ("refused" in outcome) throw new TypeError(`approve: ${outcome.refused.title}. ${outcome.refused.text}`);
  if ("location" in outcome) return outcome.location;
  const decided = decide(context, outcome.ask, decision);
  if ("refused" in decided) throw new TypeError(`approve: ${decided.refused.title}. ${decided.refused.text}`);
  return decided.location;
}

/** `host`: the Host the browser sent, against which a redirect URI registered as a path alone is matched. */
function authorization(context: SandboxContext, query: URLSearchParams, host: string | undefined): Authorization {
  const clientId = param(query, "client_id");
  const redirectUri = param(query, "redirect_uri");
  // RFC 6749 §4.1.2.1: without a known client and a registered redirect URI,
  // tell the person, never redirect.
  if (clientId !== context.clientId || query.getAll("client_id").length > 1) {
    return { refused: { title: "Unknown app", text: "This sign-in link names an app (client_id) that this workspace does not know." } };
  }
  if (redirectUri === undefined || query.getAll("redirect_uri").length > 1 || !isRegistered(context, redirectUri, host)) {
    return {
      refused: {
        title: "Redirect URI not registered",
        text: "The redirect_uri of this sign-in link is not one of the app's registered redirect URIs.",
      },
    };
  }
  const refusal = checkAuthorizeQuery(query);
  const state = echoableState(query);
  if (refusal) return { location: callbackUrl(redirectUri, { error: refusal.error, error_description: refusal.description }, state) };
  return { ask: { clientId, redirectUri, state, codeChallenge: param(query, "code_challenge") } };
}

/**
 * Registered exactly; or, for a registered path alone, that path on the origin
 * the browser used to reach the sandbox (the `Host` it sent), for an app that
 * shares the sandbox's server and can be reached at several addresses.
 */
function isRegistered(context: SandboxContext, redirectUri: string, host: string | undefined): boolean {
  if (context.redirectUris.has(redirectUri)) return true;
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
  sendDecision(res, decide(context, consent, decision));
}

/** Where a decision sends the browser: back with a code for the approving member, or with `access_denied`. */
function decide(context: SandboxContext, consent: ConsentAnswer, decision: SandboxAutoApprove): Redirect | Refused {
  if (decision === "deny") {
    return {
      location: callbackUrl(
        consent.redirectUri,
        { error: "access_denied", error_description: "The user denied the request." },
        consent.state,
      ),
    };
  }
  const member = decision === true ? context.members[0] : context.members.find((candidate) => candidate.id === decision);
  if (!member) {
    return {
      refused: { title: "No member chosen", text: "Go back to the app, sign in again, and pick a workspace member to approve as." },
    };
  }
  const code = context.grants.issueCode(consent, { memberId: member.id, scopes: context.grantedScopes, workspace: context.workspace });
  return { location: callbackUrl(consent.redirectUri, { code }, consent.state) };
}

function sendDecision(res: ServerResponse, decided: Redirect | Refused): void {
  if ("refused" in decided) return sendHtml(res, 400, sandboxErrorPage(decided.refused.title, decided.refused.text));
  redirect(res, decided.location);
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
