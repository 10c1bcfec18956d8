/**
 * Misbehaviour on demand, so tests can see how a client copes when Attio
 * fails: an error status or an odd body, no answer at all, or a dropped connection.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxEndpoint } from "./stats";

/** One bad answer. */
export type SandboxFault =
  /** Answer with this status, body and headers instead of the real answer. */
  | { readonly respond: { readonly status: number; readonly body: string; readonly headers?: Readonly<Record<string, string>> } }
  /** Never answer (the connection is closed when the sandbox closes). */
  | { readonly stall: true }
  /** Drop the connection without a response. */
  | { readonly reset: true };

/** Faults queued per endpoint, each used once, in order. */
export class FaultQueue {
  private readonly queued = new Map<SandboxEndpoint, SandboxFault[]>();

  add(endpoint: SandboxEndpoint, fault: SandboxFault, times: number): void {
    const list = this.queued.get(endpoint) ?? [];
    for (let i = 0; i < times; i += 1) list.push(fault);
    this.queued.set(endpoint, list);
  }

  take(endpoint: SandboxEndpoint): SandboxFault | undefined {
    return this.queued.get(endpoint)?.shift();
  }
}

/** Plays a fault on a request. */
export function playFault(fault: SandboxFault, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  if ("stall" in fault) return;
  if ("reset" in fault) return void req.socket.destroy();
  const { status, body, headers = {} } = fault.respond;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}
