/** Terminates TLS in front of a plain HTTP origin, so the sandbox answers over HTTPS as Attio does. */
import net from "node:net";
import tls from "node:tls";
import type { Certificate } from "../../harness/tls-cert";

export class TlsFront {
  private readonly sockets = new Set<net.Socket>();
  private readonly server: tls.Server;
  port = 0;

  constructor(certificate: Certificate, target: { readonly host: string; readonly port: number }) {
    // Owns the TLS socket: it terminates TLS and pipes the plain bytes to the sandbox, below HTTP.
    this.server = tls.createServer({ ...certificate, minVersion: "TLSv1.3" }, (secure) => {
      const plain = net.connect(target.port, target.host);
      for (const socket of [secure, plain]) {
        this.sockets.add(socket);
        socket.setNoDelay(true);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      secure.pipe(plain).pipe(secure);
      secure.on("close", () => plain.destroy());
      plain.on("close", () => secure.destroy());
    });
    this.server.on("tlsClientError", () => undefined);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
