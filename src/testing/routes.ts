/** Which handler answers which request, and the count of each. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { describeMember, describeToken } from "./api";
import { sendAvatar, sendLogo } from "./assets";
import { showConsent, takeDecision } from "./authorize";
import { sandboxErrorPage } from "./consent-page";
import type { SandboxOrigin } from "./connections";
import type { SandboxContext } from "./context";
import { playFault } from "./faults";
import { readBody, RequestBody, sendAttioError, sendHtml } from "./http";
import { revokeToken } from "./revoke";
import type { SandboxEndpoint } from "./stats";
import { exchangeCode } from "./token";

const MEMBER_PATH = /^\/v2\/workspace_members\/([^/]+)$/;
const AVATAR_PATH = /^\/assets\/members\/([^/]+)\.svg$/;
const LOGO_PATH = /^\/assets\/workspaces\/([^/]+)\.svg$/;

/** One request on its way through the sandbox: where it went, and its body once read. */
export interface SandboxCall {
  readonly endpoint: SandboxEndpoint;
  /** The URL, its path without the base path. */
  readonly url: URL;
  readonly body: RequestBody;
}

/** Answers one request that came in on `origin`. Never throws: a fault becomes a 500 without details. */
export async function route(context: SandboxContext, req: IncomingMessage, res: ServerResponse, origin: SandboxOrigin): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    // Outside the base path nothing matches: the path becomes one no route has.
    url.pathname = isUnder(context.basePath, url.pathname) ? url.pathname.slice(context.basePath.length) || "/" : "/-";
    const endpoint = servedOn(context, origin, endpointOf(req.method ?? "GET", url.pathname));
    context.stats.requests[endpoint] += 1;
    context.connections.carried(req.socket, endpoint);
    const body = await readBody(req);
    context.log.add({ endpoint, method: req.method ?? "GET", url: req.url ?? "/", headers: { ...req.headers }, body: body.text });
    if (context.latencyMs > 0) await sleep(context.latencyMs);
    const fault = context.faults.take(endpoint);
    if (fault) return await playFault(fault, res, () => answer(context, { endpoint, url, body }, req, res));
    await answer(context, { endpoint, url, body }, req, res);
  } catch {
    if (!res.headersSent) sendAttioError(res, 500, "internal_error", "internal_error", "The sandbox failed to answer.");
    else res.destroy();
  }
}

/** Whether `path` lies under `basePath` (`""` holds every path). */
export function isUnder(basePath: string, path: string): boolean {
  return basePath === "" || path === basePath || path.startsWith(`${basePath}/`);
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

/** With an API origin of its own, each origin answers only its endpoints, as Attio's two hosts do: the rest is `other`, a 404. */
function servedOn(context: SandboxContext, origin: SandboxOrigin, endpoint: SandboxEndpoint): SandboxEndpoint {
  if (!context.separateApiOrigin) return endpoint;
  const home: SandboxOrigin = endpoint === "self" || endpoint === "member" ? "api" : "app";
  return home === origin ? endpoint : "other";
}

async function answer(context: SandboxContext, call: SandboxCall, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { url } = call;
  switch (call.endpoint) {
    case "authorize":
      return showConsent(context, url, req, res);
    case "consent":
      return takeDecision(context, req, call.body, res);
    case "token":
      return exchangeCode(context, req, call.body, res);
    case "revoke":
      return revokeToken(context, req, call.body, res);
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

/** A path segment decoded; a malformed escape stays as it is (and matches nothing). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function sendAsset(context: SandboxContext, path: string, res: ServerResponse): void {
  const workspace = context.workspaces.get(decodeSegment(LOGO_PATH.exec(path)?.[1] ?? ""));
  if (workspace?.hasLogo) return sendLogo(res, workspace);
  const memberId = decodeSegment(AVATAR_PATH.exec(path)?.[1] ?? "");
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
