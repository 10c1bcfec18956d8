/** Where the sandbox answers: servers of its own (one per origin), or the caller's server. */
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { SandboxOrigin } from "./connections";
import type { SandboxContext } from "./context";

/** One origin the sandbox answers on. */
export interface Listening {
  readonly origin: string;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, origin: SandboxOrigin) => void;

/** A server of the sandbox's own for `origin`, accounting for each connection it accepts. */
export async function ownServer(
  context: SandboxContext,
  origin: SandboxOrigin,
  port: number,
  host: string,
  handle: Handler,
): Promise<Listening> {
  const server = createServer((req, res) => handle(req, res, origin));
  server.on("connection", (socket: Socket) => {
    context.stats.connections += 1;
    context.stats.connectionsByOrigin[origin] += 1;
    context.connections.accept(socket, origin);
  });
  // A client that drops mid-request must not take the process down.
  server.on("clientError", (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    origin: originOf(server),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** On the caller's server: its origin is the sandbox's; closing is the caller's business. */
export function mounted(server: Server): Listening {
  if (!server.listening) throw new TypeError("startAttioSandbox: `server` must already be listening, so the sandbox knows its URL.");
  return { origin: originOf(server), close: () => Promise.resolve() };
}

function originOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  const host = address === "::" || address === "0.0.0.0" ? "127.0.0.1" : address;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
