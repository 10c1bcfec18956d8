/**
 * A load balancer on loopback in front of several app instances. A real one
 * picks an instance by itself; this one lets the test pick, per request, with
 * the `x-instance` header (an index), so that a sign-in can begin on one
 * instance and finish on another, deterministically. Requests without it are
 * refused, so a test cannot reach an instance by accident.
 */
import { IncomingMessage, request, ServerResponse } from "node:http";
import { listen } from "../../harness/server";

export const INSTANCE_HEADER = "x-instance";

export interface LoadBalancer {
  /** The public origin, e.g. `http://127.0.0.1:41234`: the apps' callback URL is here. */
  readonly url: string;
  /** Requests forwarded to each instance, by index. */
  readonly forwarded: number[];
  /** Sets the instances' origins (they are started after the balancer: they need its URL). */
  route(instances: readonly string[]): void;
  close(): Promise<void>;
}

/** Headers that send one request to instance `index`. */
export function onInstance(index: number): Record<string, string> {
  return { [INSTANCE_HEADER]: String(index) };
}

export async function startLoadBalancer(): Promise<LoadBalancer> {
  let instances: readonly string[] = [];
  const forwarded: number[] = [];
  const server = await listen((req, res) => {
    const index = Number(req.headers[INSTANCE_HEADER]);
    const target = instances[index];
    if (target === undefined) return void res.writeHead(421).end(`no instance named in ${INSTANCE_HEADER}`);
    forwarded[index] = (forwarded[index] ?? 0) + 1;
    forward(req, res, target);
  });
  return {
    url: server.origin,
    forwarded,
    route: (origins) => (instances = [...origins]),
    close: () => server.close(),
  };
}

/** Passes the request on unchanged (the Host header too, as proxies do) and streams the answer back. */
function forward(req: IncomingMessage, res: ServerResponse, target: string): void {
  const { hostname, port } = new URL(target);
  const upstream = request({ hostname, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", () => (res.headersSent ? res.destroy() : res.writeHead(502).end("instance unreachable")));
  req.pipe(upstream);
}
