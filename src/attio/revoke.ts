/** `POST /oauth/revoke`: the request that ends a token, and the one answer that means it worked. */
import { statusError } from "./responses";
import type { Agent } from "node:http";
import type { Deadline, HttpRequest, HttpResponse } from "./transport";

/**
 * The revoke request: the token as the form field `token`, one of the two ways
 * Attio accepts (sending both ways risks a 400 should they ever differ).
 */
export function revokeRequest(revokeURL: string, accessToken: string, deadline: Deadline, agent: Agent): HttpRequest {
  return {
    method: "POST",
    url: revokeURL,
    endpoint: "revoke endpoint",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ token: accessToken }).toString(),
    secrets: [accessToken],
    deadline,
    agent,
  };
}

/** Attio answers 204 No Content when the token is revoked; anything else is an error that never quotes the token. */
export function readRevokeResponse(response: HttpResponse, request: HttpRequest): void {
  if (response.status === 204) return;
  throw statusError(response, request);
}
