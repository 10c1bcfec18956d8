/**
 * A TCP proxy that makes loopback behave like a distant network: every byte, in
 * each direction, arrives `oneWayMs` after it was sent, and a new connection pays
 * its TCP handshake too (one round trip before the first byte may leave). Bytes
 * keep their order; an end of stream is delayed like data.
 */
import net from "node:net";

const END = Symbol("end");
type Item = Buffer | typeof END;

/** One direction of one connection: a queue delivered in order, each item at its time. */
class DelayedPipe {
  private readonly queue: { at: number; item: Item }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly to: net.Socket) {}

  push(item: Item, at: number): void {
    this.queue.push({ at, item });
    if (!this.timer) this.schedule();
  }

  private schedule(): void {
    const head = this.queue[0];
    if (!head) return void (this.timer = undefined);
    this.timer = setTimeout(() => this.flush(), Math.max(0, head.at - performance.now()));
  }

  private flush(): void {
    const now = performance.now();
    while (this.queue[0] && this.queue[0].at <= now + 0.5) {
      const { item } = this.queue.shift() as { item: Item };
      if (this.to.destroyed) continue;
      if (item === END) this.to.end();
      else this.to.write(item);
    }
    this.schedule();
  }
}

export class LatencyProxy {
  private readonly sockets = new Set<net.Socket>();
  // Raw TCP: it delays bytes (and the handshake) on the wire, below HTTP, where no HTTP server can.
  private readonly server = net.createServer((client) => this.relay(client));
  port = 0;

  constructor(
    private readonly target: { readonly host: string; readonly port: number },
    public oneWayMs: number,
  ) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** Closes every connection at once, as a server's idle timeout would. */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: net.Socket): void {
    const latency = this.oneWayMs;
    // The client believes it is connected at once; on a real network its first byte could leave only after the handshake's round trip.
    const handshakeDone = performance.now() + 2 * latency;
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    const up = new DelayedPipe(upstream);
    const down = new DelayedPipe(client);
    const upAt = (): number => Math.max(performance.now(), handshakeDone) + latency;
    client.on("data", (chunk: Buffer) => up.push(chunk, upAt()));
    client.on("end", () => up.push(END, upAt()));
    upstream.on("data", (chunk: Buffer) => down.push(chunk, performance.now() + latency));
    upstream.on("end", () => down.push(END, performance.now() + latency));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  }
}
