/**
 * The response a request will be answered with, found from what each framework
 * hands a Passport strategy: Passport gives strategies the request only.
 */
import { isRecord } from "../util/json";

/** The header methods of Node's `ServerResponse` that the state cookie needs. */
export interface HeaderTarget {
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: readonly string[]): unknown;
}

/**
 * - Express (and NestJS on Express): `req.res`.
 * - koa-passport: its `req` stands in for Express's and has `ctx`, Koa's context,
 *   whose `res` is Node's response (its `req.res` stand-in cannot read headers).
 * - @fastify/passport: the request is Fastify's, with Node's request at `raw`; the
 *   reply is not reachable from it, so Node's response is found through the socket
 *   that serves the request, and taken only when it answers this very request.
 */
export function responseOf(req: unknown): HeaderTarget | undefined {
  const request = asRecord(req);
  const direct = [request?.["res"], asRecord(request?.["ctx"])?.["res"]].find(isHeaderTarget);
  if (direct) return direct;
  for (const message of [request?.["raw"], req]) {
    const served = servingResponse(message);
    if (served) return served;
  }
  return undefined;
}

/** The response Node is writing on the request's socket, when it is this request's (HTTP/1.x, not pipelined behind another). */
function servingResponse(message: unknown): HeaderTarget | undefined {
  const socket = asRecord(asRecord(message)?.["socket"]);
  // Node assigns a socket its current response as `_httpMessage`; `res.req` is documented.
  const response = socket?.["_httpMessage"];
  return isHeaderTarget(response) && asRecord(response)?.["req"] === message ? response : undefined;
}

function isHeaderTarget(value: unknown): value is HeaderTarget {
  const record = asRecord(value);
  return typeof record?.["getHeader"] === "function" && typeof record["setHeader"] === "function";
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}
