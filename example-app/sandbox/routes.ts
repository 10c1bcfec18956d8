/** Which handler answers which request, and the count of each. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { describeMember, describeToken } from "./api";
import { sendAvatar, sendLogo } from "./assets";
import { showConsent, takeDecision } from "./authorize";
import { sandboxErrorPage } from "./consent-page";
import type { SandboxContext } from "./context";
import { playFault } from "./faults";
import { sendAttioError, sendHtml } from "./http";
import type { SandboxEndpoint } from "./stats";
import { revokeToken } from "./revoke";
import { exchangeCode } from "./token";

const MEMBER_PATH = /^\/v2\/workspace_members\/([^/]+)$/;
const AVATAR_PATH = /^\/assets\/members\/([^/]+)\.svg$/;

/** Answers one request. Never throws: a fault becomes a 500 without details. */
export async function route(context: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", context.origin);
  const endpoint = endpointOf(req.method ?? "GET", url.pathname);
  context.stats.requests[endpoint] += 1;
  const fault = context.faults.take(endpoint);
  if (fault) return playFault(fault, req, res);
  try {
    await answer(context, endpoint, url, req, res);
  } catch {
    if (!res.headersSent) sendAttioError(res, 500, "internal_error", "internal_error", "The sandbox failed to answer.");
    else res.destroy();
  }
}

function endpointOf(method: string, path: string): SandboxEndpoint {
  if (path === "/authorize") return method === "POST" ? "consent" : "authorize";
  if (path === "/oauth/token" && method === "POST") return "token";
  if (path === "/oauth/revoke" && method === "POST") return "revoke";
  if (path === "/oauth/introspect" && method === "POST") return "introspect";
  if (path === "/v2/self" && method === "GET") return "self";
  if (MEMBER_PATH.test(path) && method === "GET") return "member";
  if (path.startsWith("/assets/") && method === "GET") return "asset";
  return "other";
}

async function answer(
  context: SandboxContext,
  endpoint: SandboxEndpoint,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  switch (endpoint) {
    case "authorize":
      return showConsent(context, url, res);
    case "consent":
      return takeDecision(context, req, res);
    case "token":
      return exchangeCode(context, req, res);
    case "revoke":
      return revokeToken(context, req, res);
    case "introspect":
    case "self":
      return describeToken(context, req, res);
    case "member":
      return describeMember(context, decodeSegment(MEMBER_PATH.exec(url.pathname)?.[1] ?? ""), req, res);
    case "asset":
      return sendAsset(context, url.pathname, res);
    case "other":
      return sendOther(url.pathname, res);
  }
}

/** A path segment decoded; a malformed escape stays as it is (and matches no member). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function sendAsset(context: SandboxContext, path: string, res: ServerResponse): void {
  if (path === "/assets/workspace.svg" && context.workspace.hasLogo) return sendLogo(res, context.workspace);
  const memberId = AVATAR_PATH.exec(path)?.[1];
  const index = context.members.findIndex((member) => member.id === memberId && member.hasAvatar);
  const member = context.members[index];
  if (member) return sendAvatar(res, member, index);
  sendAttioError(res, 404, "invalid_request_error", "not_found", "No such asset.");
}

function sendOther(path: string, res: ServerResponse): void {
  if (path === "/") {
    return sendHtml(
      res,
      200,
      sandboxErrorPage("Attio sandbox", "This server stands in for Attio's OAuth server and API. Start signing in from the example app."),
    );
  }
  sendAttioError(res, 404, "invalid_request_error", "not_found", "No such endpoint in the Attio sandbox.");
}
