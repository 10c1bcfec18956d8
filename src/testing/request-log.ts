/** What the sandbox received, so a test can check exactly what an app sent (and that no secret went astray). */
import type { SandboxEndpoint } from "./stats";

/**
 * One request as the sandbox received it.
 *
 * @example
 * ```ts
 * import { startAttioSandbox } from "passport-attio/testing";
 *
 * const sandbox = await startAttioSandbox({ clientID: "c", clientSecret: "s" });
 * // … sign in …
 * const [exchange] = sandbox.received("token");
 * console.log(new URLSearchParams(exchange?.body).get("grant_type"));
 * ```
 */
export interface SandboxRequest {
  /** Which endpoint it was counted as. */
  readonly endpoint: SandboxEndpoint;
  /** `GET`, `POST`, … */
  readonly method: string;
  /** The path and query, as sent (with the base path). */
  readonly url: string;
  /** The request headers, lower-case names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as text (empty for none); a body past 16 KiB is cut there. */
  readonly body: string;
}

/** Kept for the most recent requests only, so a long benchmark does not grow without bound. */
const LOG_LIMIT = 1000;

export class RequestLog {
  private entries: SandboxRequest[] = [];

  add(entry: SandboxRequest): void {
    this.entries.push(entry);
    if (this.entries.length > LOG_LIMIT) this.entries.shift();
  }

  list(endpoint?: SandboxEndpoint): SandboxRequest[] {
    return this.entries.filter((entry) => endpoint === undefined || entry.endpoint === endpoint);
  }

  clear(): void {
    this.entries = [];
  }
}
