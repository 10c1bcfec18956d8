/** Counters that tests and benchmarks read to see exactly what a login cost. */
import type { SandboxOrigin } from "./connections";

/**
 * The endpoints the sandbox counts requests for: `consent` is the consent
 * form's POST, `asset` an avatar or logo, `other` anything else (a 404).
 *
 * @example
 * ```ts
 * import type { SandboxEndpoint } from "passport-attio/testing";
 *
 * const login: SandboxEndpoint[] = ["authorize", "token", "self", "member"];
 * ```
 */
export type SandboxEndpoint = "authorize" | "consent" | "token" | "revoke" | "introspect" | "self" | "member" | "asset" | "other";

/**
 * Live counters: requests per endpoint, and TCP connections accepted, in all
 * and per origin.
 *
 * @example
 * ```ts
 * import { startAttioSandbox } from "passport-attio/testing";
 *
 * const sandbox = await startAttioSandbox({ clientID: "c", clientSecret: "s" });
 * // … one sign-in …
 * const { token, self, member } = sandbox.stats.requests; // 1, 1, 1
 * const { app, api } = sandbox.stats.connectionsByOrigin; // api is 0 without separateApiOrigin
 * ```
 */
export interface SandboxStats {
  /** Requests received per endpoint. */
  readonly requests: Record<SandboxEndpoint, number>;
  /** TCP connections accepted (0 when mounted on the app's server, whose connections are its own). */
  connections: number;
  /** The same per origin (see {@link AttioSandboxOptions.separateApiOrigin}). */
  readonly connectionsByOrigin: Record<SandboxOrigin, number>;
}

export function emptyStats(): SandboxStats {
  return {
    requests: { authorize: 0, consent: 0, token: 0, revoke: 0, introspect: 0, self: 0, member: 0, asset: 0, other: 0 },
    connections: 0,
    connectionsByOrigin: { app: 0, api: 0 },
  };
}

/** Zeroes every counter in place, so a reference held by a caller stays live. */
export function resetStats(stats: SandboxStats): void {
  for (const key of Object.keys(stats.requests) as SandboxEndpoint[]) stats.requests[key] = 0;
  stats.connections = 0;
  stats.connectionsByOrigin.app = 0;
  stats.connectionsByOrigin.api = 0;
}
