/** Real loopback servers for what nock cannot fake faithfully: stalls and resets. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LocalServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 on an ephemeral port. */
export async function localServer(handler: http.RequestListener): Promise<LocalServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A server that accepts requests and never answers them. */
export function stallingServer(): Promise<LocalServer> {
  return localServer(() => undefined);
}
