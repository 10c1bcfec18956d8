/**
 * Loaded before every test file (.mocharc.json): no socket connects anywhere but
 * loopback. nock stops requests it intercepts, but a connection opened ahead of
 * a request (the strategy warms the token and API hosts when it redirects) never
 * passes through nock, so this refuses it the way a closed port would.
 */
import net from "node:net";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/i;
const connect = net.Socket.prototype.connect as (this: net.Socket, ...args: unknown[]) => net.Socket;

function targetHost(args: readonly unknown[]): string | undefined {
  const [first, second] = args;
  const options = Array.isArray(first) ? (first[0] as unknown) : first;
  if (typeof options === "object" && options !== null) {
    const { host, path } = options as { host?: unknown; path?: unknown };
    if (typeof path === "string") return undefined; // a local socket file
    return typeof host === "string" ? host : "localhost";
  }
  if (typeof options === "string" && !/^\d+$/.test(options)) return undefined; // a path
  return typeof second === "string" ? second : "localhost";
}

net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]): net.Socket {
  const host = targetHost(args);
  if (host === undefined || LOOPBACK.test(host.replace(/^\[|\]$/g, ""))) return Reflect.apply(connect, this, args);
  process.nextTick(() => this.destroy(Object.assign(new Error(`Tests connect only to loopback, not ${host}.`), { code: "ECONNREFUSED" })));
  return this;
} as typeof net.Socket.prototype.connect;
