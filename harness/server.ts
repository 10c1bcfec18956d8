/**
 * Real HTTP servers on 127.0.0.1 for the apps under test (and the load balancer
 * in front of them), closed with every open connection. Attio itself is the
 * Attio sandbox, never a server of this file.
 */
import { once } from "node:events";
import { createServer, RequestListener, Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  readonly server: Server;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

/** Starts `handler` (an Express app or a plain listener) on a free loopback port. */
export async function listen(handler: RequestListener): Promise<Listening> {
  // The apps' own servers (never Attio's): a browser, a load balancer or a child process needs a real port.
  const server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening on it, for connection-refused cases. */
export async function closedPort(): Promise<number> {
  const probe = await listen((_req, res) => res.end());
  const port = Number(new URL(probe.origin).port);
  await probe.close();
  return port;
}
