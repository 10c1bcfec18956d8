/** `POST /oauth/revoke`: the request that ends a token, and the one answer that means it worked. */
import { statusError } from "./responses";
import type { Agent } from "node:http";
import { formBody } from "../util/form";
import type { Deadline, HttpRequest, HttpResponse, Target } from "./transport";

/**
 * The revoke request: the token as the form field `token`, one of the two ways
 * Attio accepts (sending both ways risks a 400 should they ever differ).
 */
export function revokeRequest(target: Target, accessToken: string, deadline: Deadline, agent: Agent): HttpRequest {
  return {
    method: "POST",
    target,
    endpoint: "revoke endpoint",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: formBody({ token: accessToken }),
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
