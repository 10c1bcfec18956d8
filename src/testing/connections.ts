/**
 * The TCP connections the sandbox accepted, on which origin, and which requests
 * each carried: what a test of connection pooling, warm connections or a proxy
 * asserts on, since a client's pool is invisible from its requests alone.
 */
import type { Socket } from "node:net";
import type { SandboxEndpoint } from "./stats";

/**
 * Which of the sandbox's origins: `app` (`/authorize`, `/oauth/*`, assets) or
 * `api` (`/v2/*`), as Attio has app.attio.com and api.attio.com. Without
 * `separateApiOrigin` both are served on the `app` origin.
 *
 * @example
 * ```ts
 * import type { SandboxOrigin } from "passport-attio/testing";
 *
 * const origins: SandboxOrigin[] = ["app", "api"];
 * ```
 */
export type SandboxOrigin = "app" | "api";

/**
 * One TCP connection the sandbox accepted, for {@link AttioSandbox.connections}.
 *
 * @example
 * ```ts
 * import { startAttioSandbox } from "passport-attio/testing";
 *
 * const sandbox = await startAttioSandbox({ clientID: "c", clientSecret: "s", separateApiOrigin: true });
 * // … sign in …
 * const api = sandbox.connections().filter((connection) => connection.origin === "api");
 * console.log(api.map((connection) => connection.requests)); // [["self", "member"]]: one connection, reused
 * ```
 */
export interface SandboxConnection {
  /** 1 for the first connection the sandbox accepted, then 2, 3…, across both origins. */
  readonly id: number;
  readonly origin: SandboxOrigin;
  /** The client's port: tells whose connection it is (a proxy's, a browser's, the app's). */
  readonly remotePort: number;
  /** The endpoint of each request it carried, in order (the first 1000). */
  readonly requests: readonly SandboxEndpoint[];
  /** Whether either end has closed it. */
  readonly closed: boolean;
}

interface ConnectionRecord {
  readonly id: number;
  readonly origin: SandboxOrigin;
  readonly remotePort: number;
  readonly requests: SandboxEndpoint[];
  closed: boolean;
}

/** Kept for the most recent connections and requests only, so a long benchmark does not grow without bound. */
const CONNECTION_LIMIT = 1000;
const REQUESTS_PER_CONNECTION_LIMIT = 1000;
/** How long `drop()` waits for a client to close its end before cutting the connection. */
const DROP_GRACE_MS = 1000;

export class ConnectionLog {
  private records: ConnectionRecord[] = [];
  private readonly bySocket = new WeakMap<Socket, ConnectionRecord>();
  private readonly open = new Set<Socket>();
  private nextId = 1;

  accept(socket: Socket, origin: SandboxOrigin): void {
    const record: ConnectionRecord = { id: this.nextId++, origin, remotePort: socket.remotePort ?? 0, requests: [], closed: false };
    this.bySocket.set(socket, record);
    this.open.add(socket);
    socket.once("close", () => {
      record.closed = true;
      this.open.delete(socket);
    });
    this.records.push(record);
    if (this.records.length > CONNECTION_LIMIT) this.records.shift();
  }

  /** Notes a request on the connection that carried it (none when mounted on the caller's server). */
  carried(socket: Socket, endpoint: SandboxEndpoint): void {
    const requests = this.bySocket.get(socket)?.requests;
    if (requests && requests.length < REQUESTS_PER_CONNECTION_LIMIT) requests.push(endpoint);
  }

  list(): SandboxConnection[] {
    return this.records.map((record) => ({ ...record, requests: [...record.requests] }));
  }

  clear(): void {
    this.records = [];
  }

  /** Ends every open connection (a FIN) and resolves once each has closed; one whose client keeps it open is cut after a second. */
  async drop(): Promise<void> {
    await Promise.all(
      [...this.open].map(
        (socket) =>
          new Promise<void>((resolve) => {
            const cut = setTimeout(() => socket.destroy(), DROP_GRACE_MS);
            socket.once("close", () => {
              clearTimeout(cut);
              resolve();
            });
            socket.end();
          }),
      ),
    );
  }
}
