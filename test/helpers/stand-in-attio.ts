/**
 * A stand-in for Attio on 127.0.0.1: the token endpoint (authorization code and
 * refresh grants), `/v2/self` and `/v2/workspace_members/{id}`, answering as
 * attio-facts describes. Used where the code under test is not this process's
 * own copy of `src/` (the packed package, a NestJS app), so interception by
 * nock would prove less than a real socket does.
 */
import { once } from "node:events";
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ACCESS_TOKEN, AUTH_CODE, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, memberBody, MEMBER_ID, selfBody } from "./fixtures";

export const REFRESH_TOKEN = "refresh-token-0123456789";
export const REFRESHED_ACCESS_TOKEN = "access-token-refreshed-42";
export const ROTATED_REFRESH_TOKEN = "refresh-token-rotated-43";

export interface StandInOptions {
  /** Also issue a refresh token with the access token, and answer `grant_type=refresh_token`. */
  readonly refreshTokens?: boolean;
  /** Accept token requests but never answer them, to exercise timeouts. */
  readonly stallTokenEndpoint?: boolean;
}

export interface StandInAttio {
  /** `http://127.0.0.1:{port}`. */
  readonly origin: string;
  /** The options that point an AttioStrategy here. */
  readonly strategyOptions: {
    readonly clientID: string;
    readonly clientSecret: string;
    readonly callbackURL: string;
    readonly authorizationURL: string;
    readonly tokenURL: string;
    readonly apiURL: string;
  };
  /** Every token request body, parsed, in order. */
  readonly tokenRequests: Record<string, string>[];
  close(): Promise<void>;
}

/** Starts a stand-in Attio on an ephemeral loopback port. */
export async function startStandInAttio(options: StandInOptions = {}): Promise<StandInAttio> {
  const tokenRequests: Record<string, string>[] = [];
  const server = createServer((req, res) => {
    route(req, res, options, tokenRequests).catch(() =>
      reply(res, 500, { status_code: 500, type: "api_error", message: "stand-in failure" }),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    strategyOptions: {
      clientID: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      callbackURL: CALLBACK_URL,
      authorizationURL: `${origin}/authorize`,
      tokenURL: `${origin}/oauth/token`,
      apiURL: origin,
    },
    tokenRequests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: StandInOptions,
  tokenRequests: Record<string, string>[],
): Promise<void> {
  const path = new URL(req.url ?? "/", "http://stand-in").pathname;
  if (req.method === "POST" && path === "/oauth/token") {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    tokenRequests.push(form);
    if (options.stallTokenEndpoint) return;
    return tokenEndpoint(res, form, options);
  }
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  const known = token === ACCESS_TOKEN || (options.refreshTokens === true && token === REFRESHED_ACCESS_TOKEN);
  if (req.method === "GET" && path === "/v2/self") return reply(res, 200, known ? selfBody() : { active: false });
  if (req.method === "GET" && path === `/v2/workspace_members/${MEMBER_ID}` && known) return reply(res, 200, memberBody());
  reply(res, 404, { status_code: 404, type: "invalid_request_error", code: "not_found", message: "Not found." });
}

function tokenEndpoint(res: ServerResponse, form: Record<string, string>, options: StandInOptions): void {
  if (form["client_id"] !== CLIENT_ID || form["client_secret"] !== CLIENT_SECRET) return reply(res, 401, { error: "invalid_client" });
  if (form["grant_type"] === "authorization_code" && form["code"] === AUTH_CODE) {
    return reply(res, 200, {
      access_token: ACCESS_TOKEN,
      token_type: "Bearer",
      ...(options.refreshTokens ? { refresh_token: REFRESH_TOKEN } : {}),
    });
  }
  if (form["grant_type"] === "refresh_token" && options.refreshTokens && form["refresh_token"] === REFRESH_TOKEN) {
    return reply(res, 200, {
      access_token: REFRESHED_ACCESS_TOKEN,
      token_type: "Bearer",
      refresh_token: ROTATED_REFRESH_TOKEN,
      expires_in: 3600,
    });
  }
  reply(res, 400, { error: "invalid_grant", error_description: "The grant is invalid or expired." });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
