/**
 * A workspace connected without an app in between: the consent approved and
 * the code exchanged over HTTP against the Attio sandbox, as a browser and a
 * strategy would do it. Gives the token response (with a refresh token in the
 * sandbox's refresh mode) for tests of what happens after sign-in.
 */
import { AttioStrategy } from "../src";
import type { AttioSandbox, AttioSandboxOptions } from "../src/testing";
import { startAttioSandbox } from "../src/testing";
import { testStrategy } from "./strategy";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "./fixtures";

export interface SandboxTokens {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A sandbox for the test client, and a strategy pointed at it. */
export async function sandboxAndStrategy(
  options: Partial<AttioSandboxOptions> = {},
  timeout = 2000,
): Promise<{ sandbox: AttioSandbox; strategy: AttioStrategy }> {
  const sandbox = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [CALLBACK_URL], ...options });
  return { sandbox, strategy: strategyFor(sandbox, timeout) };
}

/** A strategy using `sandbox` for every Attio URL. */
export function strategyFor(sandbox: Pick<AttioSandbox, "url">, timeout = 2000): AttioStrategy {
  return testStrategy({
    authorizationURL: `${sandbox.url}/authorize`,
    tokenURL: `${sandbox.url}/oauth/token`,
    revokeURL: `${sandbox.url}/oauth/revoke`,
    apiURL: sandbox.url,
    timeout,
  });
}

/** Approves the app on the consent page and exchanges the code. */
export async function connectWorkspace(sandbox: Pick<AttioSandbox, "url">): Promise<SandboxTokens> {
  const authorize = new URL("/authorize", sandbox.url);
  authorize.search = new URLSearchParams({ client_id: CLIENT_ID, response_type: "code", redirect_uri: CALLBACK_URL }).toString();
  const consent = await (await fetch(authorize)).text();
  const requestId = /name="request_id" value="([^"]+)"/.exec(consent)?.[1] ?? "";
  const memberId = /name="member_id" value="([^"]+)" checked/.exec(consent)?.[1] ?? "";
  const decision = await fetch(new URL("/authorize", sandbox.url), {
    method: "POST",
    body: new URLSearchParams({ request_id: requestId, decision: "approve", member_id: memberId }),
    redirect: "manual",
  });
  const code = new URL(decision.headers.get("location") ?? "").searchParams.get("code") ?? "";
  const token = await fetch(new URL("/oauth/token", sandbox.url), {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: CALLBACK_URL,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    }),
  });
  const params = (await token.json()) as Record<string, unknown>;
  return {
    accessToken: String(params["access_token"]),
    refreshToken: typeof params["refresh_token"] === "string" ? params["refresh_token"] : undefined,
    params,
  };
}
