/**
 * The Attio the benchmark signs in against: the Attio sandbox (the compiled
 * `passport-attio/testing`, as users run it), with Attio's two origins, so each
 * app's connection pool sees two hosts as in production, approving every
 * sign-in at once. The token endpoint checks the client and the PKCE verifier.
 */
import type * as Testing from "../src/testing";

// Compiled, like the strategies (`npm run bench` builds first); typed from src/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startAttioSandbox } = require("passport-attio/testing") as typeof Testing;

export type BenchAttio = Testing.AttioSandbox;

export const CLIENT_ID = "bench-client";
export const CLIENT_SECRET = "bench-client-secret-0123456789";
export const CALLBACK_PATH = "/auth/attio/callback";

const WITHOUT_MEMBER = ["record_permission:read"];
const WITH_MEMBER = [...WITHOUT_MEMBER, "user_management:read"];

/** A sandbox that waits `latencyMs` before every answer, granting no member access until {@link grantMember}. */
export function startBenchAttio(latencyMs: number): Promise<BenchAttio> {
  return startAttioSandbox({
    clientID: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    separateApiOrigin: true,
    autoApprove: true,
    latencyMs,
    grantedScopes: WITHOUT_MEMBER,
  });
}

/** With `user_management:read` granted from now on, a login also reads the member. */
export function grantMember(attio: BenchAttio, member: boolean): void {
  attio.setGrantedScopes(member ? WITH_MEMBER : WITHOUT_MEMBER);
}

/** Registers the callback of an app listening at `appOrigin`, as its redirect URI. */
export function registerApp(attio: BenchAttio, appOrigin: string): void {
  attio.allowRedirectUri(`${appOrigin}${CALLBACK_PATH}`);
}
