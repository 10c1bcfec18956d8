/**
 * passport-attio/testing: the Attio sandbox, a real HTTP server on loopback
 * that answers as Attio's OAuth server and API do, for an app's own tests.
 * It depends on nothing but Node, and nothing of passport-attio: it is the
 * other side of the wire.
 *
 * @example
 * ```ts
 * import { startAttioSandbox } from "passport-attio/testing";
 *
 * const sandbox = await startAttioSandbox({ clientID: "test-client", clientSecret: "test-secret", autoApprove: true });
 * const options = sandbox.strategyOptions("http://127.0.0.1:3000/auth/attio/callback");
 * // new AttioStrategy({ ...options, callbackURL: options.callbackURL ?? "" }, verify) … sign in with any HTTP client …
 * await sandbox.close();
 * ```
 *
 * @packageDocumentation
 */
export { startAttioSandbox } from "./sandbox";
export type { AttioSandbox, AttioSandboxOptions, SandboxStrategyOptions } from "./sandbox";
export type { SandboxAutoApprove } from "./context";
export type { SandboxConnection, SandboxOrigin } from "./connections";
export { DEMO_MEMBERS, DEMO_WORKSPACE } from "./demo-data";
export type { SandboxMember, SandboxWorkspace } from "./demo-data";
export type { SandboxFault } from "./faults";
export type { SandboxRequest } from "./request-log";
export type { SandboxEndpoint, SandboxStats } from "./stats";
