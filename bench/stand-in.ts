/**
 * A minimal Attio stand-in on loopback: just enough of the OAuth flow and API
 * for a login to complete, with a fixed latency per request, and counters for
 * requests per endpoint and new TCP connections.
 *
 * Like Attio it has two origins: the app origin (`/authorize`, `/oauth/token`)
 * and the API origin (`/v2/self`, `/v2/workspace_members/{id}`), so a client's
 * connection pool sees two hosts, as it does in production.
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { CLIENT_ID, CLIENT_SECRET, MEMBER_ID, memberBody, selfBody } from "../test/helpers/fixtures";

export { CLIENT_ID, CLIENT_SECRET };

/** The endpoints counted; `other` is anything else (answered 404). */
export type Endpoint = "authorize" | "token" | "self" | "member" | "other";
/** Who opened a connection, told apart by the first request sent on it. */
type Opener = "browser" | "server";

export interface StandInOptions {
  /** Milliseconds added before every answer. */
  readonly latencyMs: number;
  /** Never answer the token endpoint (the connection stays open until close). */
  readonly stallToken?: boolean;
}

export interface StandInCounts {
  readonly requests: Readonly<Record<Endpoint, number>>;
  /** New connections opened by the browser (driver) and by the app server. */
  readonly connections: Readonly<Record<Opener, number>>;
}

interface PendingCode {
  readonly challenge: string;
  readonly redirectURI: string;
}

export class AttioStandIn {
  /** When true, `/v2/self` grants `user_management:read`, so a login also reads the member. */
  grantMember = false;
  appOrigin = "";
  apiOrigin = "";

  private readonly codes = new Map<string, PendingCode>();
  private readonly tokens = new Set<string>();
  private readonly sockets = new Set<Socket>();
  private readonly classified = new WeakSet<Socket>();
  private requests: Record<Endpoint, number> = zeroRequests();
  private connections: Record<Opener, number> = { browser: 0, server: 0 };
  private readonly servers: http.Server[] = [];

  constructor(private readonly options: StandInOptions) {}

  async start(): Promise<this> {
    this.appOrigin = await this.listen((req, res, url) => this.appRoutes(req, res, url));
    this.apiOrigin = await this.listen((req, res, url) => this.apiRoutes(req, res, url));
    return this;
  }

  /** Counts since the last reset. */
  counts(): StandInCounts {
    return { requests: { ...this.requests }, connections: { ...this.connections } };
  }

  resetCounts(): void {
    this.requests = zeroRequests();
    this.connections = { browser: 0, server: 0 };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }

  private listen(route: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void): Promise<string> {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      this.classify(req.socket, url.pathname);
      setTimeout(() => route(req, res, url), this.options.latencyMs);
    });
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.servers.push(server);
    return new Promise((resolve) => {
      server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    });
  }

  /** The first request on a connection says whose pool it belongs to: only browsers ask for /authorize. */
  private classify(socket: Socket, path: string): void {
    if (this.classified.has(socket)) return;
    this.classified.add(socket);
    this.connections[path === "/authorize" ? "browser" : "server"] += 1;
  }

  private appRoutes(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method === "GET" && url.pathname === "/authorize") return this.authorize(res, url);
    if (req.method === "POST" && url.pathname === "/oauth/token") return this.token(req, res);
    this.notFound(res);
  }

  private apiRoutes(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method === "GET" && url.pathname === "/v2/self") return this.self(req, res);
    const member = /^\/v2\/workspace_members\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && member) return this.member(req, res, decodeURIComponent(member[1] ?? ""));
    this.notFound(res);
  }

  /** Approves at once: straight back to the app with a code and the state. */
  private authorize(res: http.ServerResponse, url: URL): void {
    this.requests.authorize += 1;
    const q = url.searchParams;
    const redirectURI = q.get("redirect_uri") ?? "";
    const challenge = q.get("code_challenge") ?? "";
    if (q.get("client_id") !== CLIENT_ID || q.get("response_type") !== "code" || q.get("code_challenge_method") !== "S256" || !challenge) {
      return json(res, 400, { error: "invalid_request" });
    }
    const code = randomBytes(16).toString("hex");
    this.codes.set(code, { challenge, redirectURI });
    const back = new URL(redirectURI);
    back.searchParams.set("code", code);
    back.searchParams.set("state", q.get("state") ?? "");
    res.writeHead(302, { location: back.toString(), "content-length": "0" }).end();
  }

  /** Checks the client, the code, the redirect URI and the PKCE verifier (S256). */
  private token(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests.token += 1;
    if (this.options.stallToken) {
      req.resume(); // read the body, never answer
      return;
    }
    readBody(req, (body) => {
      const form = new URLSearchParams(body);
      const pending = this.codes.get(form.get("code") ?? "");
      this.codes.delete(form.get("code") ?? "");
      const verifier = form.get("code_verifier") ?? "";
      const ok =
        pending !== undefined &&
        form.get("grant_type") === "authorization_code" &&
        form.get("client_id") === CLIENT_ID &&
        form.get("client_secret") === CLIENT_SECRET &&
        form.get("redirect_uri") === pending.redirectURI &&
        createHash("sha256").update(verifier).digest("base64url") === pending.challenge;
      if (!ok) return json(res, 400, { error: "invalid_grant" });
      const accessToken = randomBytes(24).toString("base64url");
      this.tokens.add(accessToken);
      json(res, 200, { access_token: accessToken, token_type: "Bearer" });
    });
  }

  private self(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests.self += 1;
    if (!this.knows(req)) return json(res, 200, { active: false });
    // The same answers the tests use; the scope decides whether a login reads the member.
    json(res, 200, selfBody({ scope: this.grantMember ? "record_permission:read user_management:read" : "record_permission:read" }));
  }

  private member(req: http.IncomingMessage, res: http.ServerResponse, id: string): void {
    this.requests.member += 1;
    if (!this.knows(req) || !this.grantMember)
      return json(res, 403, { status_code: 403, type: "auth_error", code: "forbidden", message: "Missing scope." });
    if (id !== MEMBER_ID)
      return json(res, 404, { status_code: 404, type: "invalid_request_error", code: "not_found", message: "No such member." });
    json(res, 200, memberBody());
  }

  private knows(req: http.IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    return header.startsWith("Bearer ") && this.tokens.has(header.slice("Bearer ".length));
  }

  private notFound(res: http.ServerResponse): void {
    this.requests.other += 1;
    json(res, 404, { status_code: 404, type: "invalid_request_error", code: "not_found", message: "Not found." });
  }
}

function zeroRequests(): Record<Endpoint, number> {
  return { authorize: 0, token: 0, self: 0, member: 0, other: 0 };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

function readBody(req: http.IncomingMessage, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
}
