/** Counters that tests and benchmarks read to see exactly what a login cost. */

/** The endpoints the sandbox counts requests for. */
export type SandboxEndpoint = "authorize" | "consent" | "token" | "revoke" | "introspect" | "self" | "member" | "asset" | "other";

/** Live counters: requests per endpoint, and TCP connections accepted. */
export interface SandboxStats {
  readonly requests: Record<SandboxEndpoint, number>;
  connections: number;
}

export function emptyStats(): SandboxStats {
  return {
    requests: { authorize: 0, consent: 0, token: 0, revoke: 0, introspect: 0, self: 0, member: 0, asset: 0, other: 0 },
    connections: 0,
  };
}

/** Zeroes every counter in place, so a reference held by a caller stays live. */
export function resetStats(stats: SandboxStats): void {
  for (const key of Object.keys(stats.requests) as SandboxEndpoint[]) stats.requests[key] = 0;
  stats.connections = 0;
}
