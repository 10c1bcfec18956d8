/**
 * Attio's two hosts as an app sees them across the internet: each sandbox origin
 * behind TLS, behind a proxy that delays every byte by a one-way latency. The
 * browser's side (`/authorize`) stays on plain loopback: only the app's requests
 * to Attio are on the measured path.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LatencyProxy } from "./latency-proxy";
import { selfSignedCertificate } from "../../harness/tls-cert";
import { TlsFront } from "./tls-front";

/** Origins of the sandbox as plain HTTP on loopback. */
export interface PlainOrigins {
  readonly appOrigin: string;
  readonly apiOrigin: string;
}

export class DistantAttio {
  /** `https://127.0.0.1:…` for the token endpoint and for the API. */
  appOrigin = "";
  apiOrigin = "";
  /** A PEM file with the certificate, for the apps' agents. */
  caFile = "";
  private readonly parts: { front: TlsFront; proxy: LatencyProxy }[] = [];

  constructor(
    private readonly plain: PlainOrigins,
    private oneWayMs: number,
  ) {}

  async start(): Promise<this> {
    const certificate = selfSignedCertificate();
    this.caFile = join(mkdtempSync(join(tmpdir(), "bench-ca-")), "attio.pem");
    writeFileSync(this.caFile, certificate.cert);
    const [app, api] = await Promise.all(
      [this.plain.appOrigin, this.plain.apiOrigin].map(async (origin) => {
        const front = await new TlsFront(certificate, target(origin)).start();
        const proxy = await new LatencyProxy({ host: "127.0.0.1", port: front.port }, this.oneWayMs).start();
        this.parts.push({ front, proxy });
        return `https://127.0.0.1:${proxy.port}`;
      }),
    );
    this.appOrigin = app ?? "";
    this.apiOrigin = api ?? "";
    return this;
  }

  /** One-way latency for connections opened from now on. */
  setOneWay(ms: number): void {
    this.oneWayMs = ms;
    for (const { proxy } of this.parts) proxy.oneWayMs = ms;
  }

  /** Closes every connection to both hosts, as Attio's idle timeout would. */
  dropConnections(): void {
    for (const { proxy } of this.parts) proxy.dropAll();
  }

  async close(): Promise<void> {
    await Promise.all(this.parts.map(async ({ front, proxy }) => Promise.all([proxy.close(), front.close()])));
  }
}

function target(origin: string): { host: string; port: number } {
  const url = new URL(origin);
  return { host: url.hostname, port: Number(url.port) };
}
