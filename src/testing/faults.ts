/**
 * Misbehaviour on demand, so tests can see how a client copes when Attio
 * fails: an error status or an odd body, a late answer or none, a body that
 * drips, breaks off or never ends, or a dropped connection. A fault may hold
 * an answer back until the test says so, to order events without timing.
 */
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import type { SandboxEndpoint } from "./stats";

/**
 * One bad answer, for {@link AttioSandbox.failNext}.
 *
 * @example
 * ```ts
 * import type { SandboxFault } from "passport-attio/testing";
 *
 * const faults: SandboxFault[] = [
 *   { respond: { status: 429, body: "{}", headers: { "retry-after": "1" } } },
 *   { delayMs: 100 },
 *   { after: new Promise((resolve) => setTimeout(resolve, 100)) },
 *   { stall: true },
 *   { reset: "mid-body" },
 *   { oversized: "gzip-bomb" },
 * ];
 * ```
 */
export type SandboxFault =
  /** Answer with this status, body and headers instead of the real answer (after `delayMs`, if given). */
  | {
      readonly respond: {
        readonly status: number;
        readonly body: string | Uint8Array;
        readonly headers?: Readonly<Record<string, string>>;
        readonly delayMs?: number;
      };
    }
  /** The real answer, this many milliseconds late. */
  | { readonly delayMs: number }
  /** The real answer, once `after` settles (fulfilled or rejected): a test decides when, with no timing. */
  | { readonly after: PromiseLike<unknown> }
  /** `true`: never answer. `"mid-body"`: send the headers and half a body, then nothing. */
  | { readonly stall: true | "mid-body" }
  /** Send the headers, then one space every `dripMs` milliseconds, forever. */
  | { readonly dripMs: number }
  /** `true`: drop the connection without a response. `"mid-body"`: halfway through the body. */
  | { readonly reset: true | "mid-body" }
  /** Declare more bytes than are sent, then end the connection. */
  | { readonly shortBody: true }
  /**
   * A body past any sensible size cap: `"chunked"` streams 2 MiB without a
   * Content-Length, `"declared"` declares 50 MiB, `"gzip-bomb"` is 4 KiB of gzip
   * that inflates to 4 MiB.
   */
  | { readonly oversized: "chunked" | "declared" | "gzip-bomb" };

/** Faults queued per endpoint, in order, each for its number of requests (`Infinity`: every one from then on). */
export class FaultQueue {
  private readonly queued = new Map<SandboxEndpoint, { readonly fault: SandboxFault; left: number }[]>();

  add(endpoint: SandboxEndpoint, fault: SandboxFault, times: number): void {
    if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
      throw new TypeError(`failNext: times must be a whole number above 0, or Infinity: ${String(times)}.`);
    }
    // A promise that rejects before its request comes would be reported as unhandled.
    if ("after" in fault) Promise.resolve(fault.after).catch(() => undefined);
    const list = this.queued.get(endpoint) ?? [];
    list.push({ fault, left: times });
    this.queued.set(endpoint, list);
  }

  take(endpoint: SandboxEndpoint): SandboxFault | undefined {
    const list = this.queued.get(endpoint);
    const head = list?.[0];
    if (!list || !head) return undefined;
    head.left -= 1;
    if (head.left <= 0) list.shift();
    return head.fault;
  }

  clear(endpoint?: SandboxEndpoint): void {
    if (endpoint === undefined) this.queued.clear();
    else this.queued.delete(endpoint);
  }
}

const JSON_TYPE = { "content-type": "application/json" };
let bomb: Buffer | undefined;

/** Plays a fault; `answer` gives the real answer (for a late one). */
export async function playFault(fault: SandboxFault, res: ServerResponse, answer: () => Promise<void> | void): Promise<void> {
  if ("delayMs" in fault) {
    await sleep(fault.delayMs);
    return answer();
  }
  if ("after" in fault) {
    await Promise.resolve(fault.after).then(
      () => undefined,
      () => undefined,
    );
    return answer();
  }
  if ("respond" in fault) return respond(res, fault.respond);
  if ("stall" in fault) return fault.stall === true ? undefined : void halfBody(res, '{"access_token":');
  if ("dripMs" in fault) return drip(res, fault.dripMs);
  if ("reset" in fault) return fault.reset === true ? void res.socket?.destroy() : resetMidBody(res);
  if ("shortBody" in fault) return shortBody(res);
  return oversized(res, fault.oversized);
}

async function respond(res: ServerResponse, { status, body, headers = {}, delayMs }: RespondFault): Promise<void> {
  if (delayMs !== undefined) await sleep(delayMs);
  res.writeHead(status, { ...JSON_TYPE, "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

type RespondFault = Extract<SandboxFault, { respond: unknown }>["respond"];

function halfBody(res: ServerResponse, part: string): void {
  res.writeHead(200, { ...JSON_TYPE, "content-length": "100" });
  res.write(part);
}

function resetMidBody(res: ServerResponse): void {
  halfBody(res, '{"active":tr');
  setImmediate(() => res.socket?.destroy());
}

function shortBody(res: ServerResponse): void {
  halfBody(res, '{"active":true}');
  setImmediate(() => res.socket?.end());
}

function drip(res: ServerResponse, everyMs: number): void {
  res.writeHead(200, JSON_TYPE);
  const timer = setInterval(() => res.write(" "), everyMs);
  res.on("close", () => clearInterval(timer));
}

function oversized(res: ServerResponse, kind: "chunked" | "declared" | "gzip-bomb"): void {
  if (kind === "declared") {
    res.writeHead(200, { ...JSON_TYPE, "content-length": String(50 * 1024 * 1024) });
    return void res.write("[");
  }
  if (kind === "gzip-bomb") {
    bomb ??= gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));
    res.writeHead(200, { ...JSON_TYPE, "content-encoding": "gzip", "content-length": String(bomb.length) });
    return void res.end(bomb);
  }
  stream(res, 2 * 1024 * 1024);
}

/** Writes `total` bytes of JSON-ish filler in 64 KiB chunks, minding backpressure and a closed socket. */
function stream(res: ServerResponse, total: number): void {
  res.writeHead(200, JSON_TYPE);
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}
