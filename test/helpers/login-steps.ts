/** The two halves of a login, as a browser performs them against a running app. */
import { createHash } from "node:crypto";
import type { Server } from "node:http";
import { expect } from "chai";
import type { Browser, BrowserResponse } from "./browser";

/** A login that has been redirected to Attio. */
export interface BegunLogin {
  readonly authorizeURL: URL;
  readonly state: string;
  readonly challenge: string;
  readonly response: BrowserResponse;
}

/** GETs the login route and returns where the strategy sent the browser. */
export async function beginLogin(browser: Browser, server: Server, path = "/auth/attio"): Promise<BegunLogin> {
  const response = await browser.get(server, path);
  expect(response.status, response.text).to.equal(302);
  const authorizeURL = new URL(String(response.headers["location"]));
  return {
    authorizeURL,
    state: authorizeURL.searchParams.get("state") ?? "",
    challenge: authorizeURL.searchParams.get("code_challenge") ?? "",
    response,
  };
}

/** GETs the callback as Attio's redirect would, with `code` and `state`. */
export function finishLogin(browser: Browser, server: Server, code: string, state: string): Promise<BrowserResponse> {
  return browser.get(server, `/auth/attio/callback?${new URLSearchParams({ code, state }).toString()}`);
}

/** The S256 code challenge of a verifier. */
export function challengeOf(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}
