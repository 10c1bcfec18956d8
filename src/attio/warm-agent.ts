/**
 * Agents that open a connection before the request that will use it, so that a
 * login's TCP and TLS handshakes happen while something else is waited for: the
 * person on Attio's consent page (after the authorize redirect), or the token
 * exchange (the API host is needed next). Bounded: at most one warm connection
 * per host, closed when the agent's idle timeout passes unused.
 */
import { Agent as HttpAgent, AgentOptions as HttpAgentOptions, ClientRequestArgs } from "node:http";
import { Agent as HttpsAgent, AgentOptions as HttpsAgentOptions, RequestOptions as HttpsRequestOptions } from "node:https";
import { isIP, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { ConnectionOptions, TLSSocket } from "node:tls";

/** Idle timeout of warm and kept-alive connections: covers a consent page, which Node's default 5 s does not. */
export const WARM_IDLE_TIMEOUT_MS = 60_000;

/** An agent that can open a connection to an origin ahead of its first request. */
export interface Preconnecting {
  /** Opens a connection to `url`'s origin unless one is idle or already opening there. */
  preconnect(url: URL): void;
  /** Closes the idle connections to `url`'s origin, so that the next request opens a fresh one. */
  dropIdle(url: URL): Promise<void>;
}

/** Whether `agent` can warm connections (an {@link AttioAgent}, or the defaults). */
export function canPreconnect(agent: HttpAgent): agent is HttpAgent & Preconnecting {
  return typeof (agent as Partial<Preconnecting>).preconnect === "function";
}

/** Sockets opened ahead of their request: the server may have closed one while it waited. */
const preopened = new WeakSet<Socket>();
/** Preopened sockets whose handshake completed, so a request on them may have been sent. */
const established = new WeakSet<Socket>();

/** Whether `socket` was opened before the request it carries. */
export function wasPreopened(socket: Socket): boolean {
  return preopened.has(socket);
}

/** False only for a preopened socket that never finished connecting: nothing written to it can have left. */
export function mayHaveSent(socket: Socket): boolean {
  return !preopened.has(socket) || established.has(socket);
}

type Open = (options: ClientRequestArgs) => Socket;
type ConnectOptions = ClientRequestArgs & ConnectionOptions & { readonly keepAlive: true };
/** Where a URL's warm connection is pooled: its connection options and the agent's name for them. */
interface Pool {
  readonly href: string;
  readonly options: ConnectOptions;
  readonly name: string;
}

/** The warm sockets of one agent, one per origin at most. */
class WarmSockets {
  private readonly byName = new Map<string, Socket>();
  private readonly forgetters = new WeakMap<Socket, () => void>();
  /** Each URL's connection options and pool name, worked out once: every redirect and login asks again. */
  private readonly pools = new WeakMap<URL, Pool>();

  constructor(
    private readonly agent: HttpAgent,
    private readonly defaultPort: number,
    private readonly agentOptions: Readonly<HttpAgentOptions>,
  ) {}

  preconnect(url: URL, open: Open): void {
    const { options, name } = this.poolOf(url);
    if (this.byName.has(name) || (this.agent.freeSockets[name]?.length ?? 0) > 0) return;
    let socket: Socket;
    try {
      socket = open({ ...options, _agentKey: name } as ClientRequestArgs);
    } catch {
      return; // A warm connection is a bonus: the request will open its own.
    }
    const forget = (): void => {
      if (this.byName.get(name) === socket) this.byName.delete(name);
      socket.destroy();
    };
    preopened.add(socket);
    this.byName.set(name, socket);
    this.forgetters.set(socket, forget);
    socket.once(socket instanceof TLSSocket ? "secureConnect" : "connect", () => established.add(socket));
    // An error, the server closing it, or the idle timeout: it is never handed out then.
    for (const event of ["error", "end", "close", "timeout"]) socket.on(event, forget);
    socket.setTimeout(this.agentOptions.timeout ?? WARM_IDLE_TIMEOUT_MS);
    socket.unref();
  }

  /** The warm socket for a request's connection options, if one is still usable; it is then the request's. */
  take(options: ClientRequestArgs): Socket | undefined {
    const name = this.agent.getName(options);
    const socket = this.byName.get(name);
    if (!socket) return undefined;
    this.byName.delete(name);
    if (socket.destroyed || socket.readableEnded || !socket.writable) return undefined;
    const forget = this.forgetters.get(socket);
    if (forget) for (const event of ["error", "end", "close", "timeout"]) socket.off(event, forget);
    return socket.setTimeout(0).ref();
  }

  async dropIdle(url: URL): Promise<void> {
    const { name } = this.poolOf(url);
    const idle = [...(this.agent.freeSockets[name] ?? []), ...[this.byName.get(name)].filter((s) => s !== undefined)];
    this.byName.delete(name);
    await Promise.all(
      idle.map(
        (socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once("close", () => resolve()).destroy())),
      ),
    );
  }

  private poolOf(url: URL): Pool {
    const known = this.pools.get(url);
    // A URL is mutable: one changed since (an app's own, given to `preconnect`) is worked out again.
    if (known?.href === url.href) return known;
    const options = this.connectOptions(url);
    const pool = { href: url.href, options, name: this.agent.getName(options) };
    this.pools.set(url, pool);
    return pool;
  }

  /** What a request to `url` would pass to `createConnection`, so the pool name comes out the same. */
  private connectOptions(url: URL): ConnectOptions {
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    return {
      host,
      port: Number(url.port) || this.defaultPort,
      servername: isIP(host) ? "" : host,
      ...this.agentOptions,
      keepAlive: true,
    };
  }
}

function withDefaults<T extends HttpAgentOptions>(options: T | undefined): T & HttpAgentOptions {
  return { keepAlive: true, scheduling: "lifo", timeout: WARM_IDLE_TIMEOUT_MS, ...options } as T & HttpAgentOptions;
}

/**
 * An `HttpsAgent` for Attio that can warm connections: the strategy opens one to
 * the token host and one to the API host when it sends the authorize redirect, and
 * one to the API host while the token exchange runs, so no handshake but the first
 * lies on a login's critical path. Keep-alive, with a 60 s idle timeout by default.
 * Pass one as the strategy's `agent` to add a CA or limits and keep the warm
 * connections; any other agent (a proxy agent, say) works too, without them.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { AttioAgent } from "passport-attio";
 *
 * const agent = new AttioAgent({ ca: readFileSync("corporate-root.pem"), maxSockets: 16 });
 * // new AttioStrategy({ ...options, agent }, verify)
 * ```
 */
export class AttioAgent extends HttpsAgent {
  private readonly warm: WarmSockets;

  constructor(options?: HttpsAgentOptions) {
    const resolved = withDefaults(options);
    super(resolved);
    this.warm = new WarmSockets(this, 443, resolved);
  }

  /** Opens a connection to `url`'s origin unless one is idle or already opening there. */
  preconnect(url: URL): void {
    this.warm.preconnect(url, (options) => super.createConnection(options) as Socket);
  }

  /** Closes the idle connections to `url`'s origin, so that the next request opens a fresh one. */
  dropIdle(url: URL): Promise<void> {
    return this.warm.dropIdle(url);
  }

  /** Hands a request the warm connection to its origin, or opens one the way a plain agent does. */
  override createConnection(options: HttpsRequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Socket {
    return this.warm.take(options) ?? (super.createConnection(options, callback) as Socket);
  }
}

/**
 * The same for plain `http:` origins (a local Attio sandbox, a test server): an
 * `http.Agent` whose connections are handed out by the same warm pool.
 */
export function attioHttpAgent(options?: HttpAgentOptions): HttpAgent & Preconnecting {
  const resolved = withDefaults(options);
  const agent = new HttpAgent(resolved);
  const warm = new WarmSockets(agent, 80, resolved);
  const open = agent.createConnection.bind(agent) as (
    options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ) => Socket;
  agent.createConnection = (options, callback) => warm.take(options) ?? open(options, callback);
  return Object.assign(agent, { preconnect: (url: URL) => warm.preconnect(url, open), dropIdle: (url: URL) => warm.dropIdle(url) });
}
