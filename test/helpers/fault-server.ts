/**
 * A fake Attio on 127.0.0.1 for faults nock cannot produce: answers that stall,
 * drip, break off, reset the connection, or stream more than the size cap.
 * `/oauth/token`, `/v2/self` and `/v2/workspace_members/…` answer normally
 * unless scripted otherwise.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { memberBody, selfBody, TOKEN_BODY } from "./fixtures";
import { listen, Listening } from "./server";

export type Fault =
  | "slow" // answers normally, after 100 ms (inside the budget)
  | "stall" // never answers
  | "stall-body" // headers and half a body, then nothing
  | "drip" // one byte every 50 ms, forever
  | "reset" // destroys the connection before answering
  | "reset-mid-body" // destroys it halfway through the body
  | "short-body" // declares more bytes than it sends, then ends
  | "huge-chunked" // streams past the size cap without a Content-Length
  | "huge-declared" // declares a body past the size cap
  | "gzip-bomb"; // a small gzip body that inflates past the size cap

export type Endpoint = "token" | "self" | "member";

const NORMAL_BODIES: Readonly<Record<Endpoint, unknown>> = { token: TOKEN_BODY, self: selfBody(), member: memberBody() };
const BOMB = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));

export interface FaultServer extends Listening {
  /** The fault each endpoint shows; unset endpoints answer normally. */
  script: Partial<Record<Endpoint, Fault>>;
  /** Raw token request bodies received, for the leak check. */
  readonly tokenBodies: string[];
}

export async function startFaultServer(): Promise<FaultServer> {
  const faults: { script: Partial<Record<Endpoint, Fault>>; readonly tokenBodies: string[] } = { script: {}, tokenBodies: [] };
  const listening = await listen((req, res) => {
    const endpoint = endpointOf(req);
    readBody(req, (body) => {
      if (endpoint === "token") faults.tokenBodies.push(body);
      if (endpoint === undefined) return void res.writeHead(404).end();
      const fault = faults.script[endpoint];
      if (fault === undefined)
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(NORMAL_BODIES[endpoint]));
      if (fault === "slow")
        return void setTimeout(
          () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(NORMAL_BODIES[endpoint])),
          100,
        );
      misbehave(fault, req, res);
    });
  });
  return Object.assign(faults, listening);
}

function endpointOf(req: IncomingMessage): Endpoint | undefined {
  if (req.method === "POST" && req.url === "/oauth/token") return "token";
  if (req.method === "GET" && req.url === "/v2/self") return "self";
  if (req.method === "GET" && req.url?.startsWith("/v2/workspace_members/")) return "member";
  return undefined;
}

function readBody(req: IncomingMessage, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
}

function misbehave(fault: Exclude<Fault, "slow">, req: IncomingMessage, res: ServerResponse): void {
  const json = { "content-type": "application/json" };
  switch (fault) {
    case "stall":
      return;
    case "stall-body":
      res.writeHead(200, { ...json, "content-length": "100" });
      return void res.write('{"access_token":');
    case "drip":
      return drip(res);
    case "reset":
      return void req.socket.destroy();
    case "reset-mid-body":
      res.writeHead(200, { ...json, "content-length": "100" });
      res.write('{"active":tr');
      return void setImmediate(() => req.socket.destroy());
    case "short-body":
      res.writeHead(200, { ...json, "content-length": "100" });
      res.write('{"active":true}');
      return void setImmediate(() => req.socket.end());
    case "huge-chunked":
      return stream(res, 2 * 1024 * 1024);
    case "huge-declared":
      res.writeHead(200, { ...json, "content-length": String(50 * 1024 * 1024) });
      return void res.write("[");
    case "gzip-bomb":
      return void res.writeHead(200, { ...json, "content-encoding": "gzip", "content-length": String(BOMB.length) }).end(BOMB);
  }
}

function drip(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  const timer = setInterval(() => res.write(" "), 50);
  res.on("close", () => clearInterval(timer));
}

/** Writes `total` bytes of JSON-ish filler in 64 KiB chunks, minding backpressure and a closed socket. */
function stream(res: ServerResponse, total: number): void {
  res.writeHead(200, { "content-type": "application/json" });
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
