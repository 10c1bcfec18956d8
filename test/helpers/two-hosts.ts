/**
 * Attio's two hosts on loopback, each a real HTTP server that accounts for its
 * connections: which requests each carried, and who is on the other end. Tests
 * of warm connections and proxies assert on sockets, which nock cannot fake.
 */
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ACCESS_TOKEN, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, memberBody, MEMBER_ID, selfBody, TOKEN_BODY } from "../../harness/fixtures";

/** One accepted connection and the requests it carried, as "POST /oauth/token", "GET /v2/self"… */
export interface Connection {
  readonly socket: Socket;
  readonly requests: string[];
}

/** What a host does with a request: answer it (the default), or treat the connection its own way. */
export type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse, connection: Connection) => "answer" | "handled";

export interface Host {
  readonly origin: string;
  readonly connections: Connection[];
  /** Replaces how requests are treated; the default answers as Attio. */
  behave(behaviour: Behaviour): void;
  /** Resolves once `count` connections have been accepted. */
  connected(count: number): Promise<void>;
  /** Every request line it received, in order. */
  requests(): string[];
}

export interface TwoHosts {
  readonly app: Host;
  readonly api: Host;
  /** Strategy options pointing at the two hosts. */
  readonly options: {
    readonly clientID: string;
    readonly clientSecret: string;
    readonly callbackURL: string;
    readonly authorizationURL: string;
    readonly tokenURL: string;
    readonly apiURL: string;
  };
  close(): Promise<void>;
}

export async function startTwoHosts(): Promise<TwoHosts> {
  const [app, api] = await Promise.all([startHost(), startHost()]);
  return {
    app: app.host,
    api: api.host,
    options: {
      clientID: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      callbackURL: CALLBACK_URL,
      authorizationURL: `${app.host.origin}/authorize`,
      tokenURL: `${app.host.origin}/oauth/token`,
      apiURL: api.host.origin,
    },
    close: async () => {
      await Promise.all([app.close(), api.close()]);
    },
  };
}

async function startHost(): Promise<{ host: Host; close: () => Promise<void> }> {
  const connections: Connection[] = [];
  const bySocket = new WeakMap<Socket, Connection>();
  let behaviour: Behaviour = () => "answer";
  const server = http.createServer((req, res) => {
    const connection = bySocket.get(req.socket);
    if (!connection) return res.destroy();
    connection.requests.push(`${req.method} ${req.url}`);
    if (behaviour(req, res, connection) === "answer") answerAsAttio(req, res);
  });
  server.on("connection", (socket: Socket) => {
    const connection = { socket, requests: [] };
    connections.push(connection);
    bySocket.set(socket, connection);
    server.emit("accounted");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const host: Host = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    behave: (next) => (behaviour = next),
    connected: async (count) => {
      while (connections.length < count) await once(server, "accounted");
    },
    requests: () => connections.flatMap((connection) => connection.requests),
  };
  const close = async (): Promise<void> => {
    server.closeAllConnections();
    server.close();
    await once(server, "close");
  };
  return { host, close };
}

function answerAsAttio(req: http.IncomingMessage, res: http.ServerResponse): void {
  req.resume();
  req.on("end", () => {
    const path = req.url ?? "";
    const authorized = req.headers.authorization === `Bearer ${ACCESS_TOKEN}`;
    if (req.method === "POST" && path === "/oauth/token") return json(res, 200, TOKEN_BODY);
    if (req.method === "GET" && path === "/v2/self") return json(res, 200, authorized ? selfBody() : { active: false });
    if (req.method === "GET" && path === `/v2/workspace_members/${MEMBER_ID}` && authorized) return json(res, 200, memberBody());
    json(res, 404, { status_code: 404, type: "invalid_request_error", code: "not_found", message: "Not found." });
  });
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
