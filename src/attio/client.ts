/** Talks to Attio's token endpoint and API on behalf of one strategy. */
import { setTimeout as sleep } from "node:timers/promises";
import { AttioRequestError } from "../errors";
import { parseJson, statusError } from "./responses";
import type { Agent } from "node:http";
import { formBody } from "../util/form";
import { Deadline, deadlineIn, HttpRequest, HttpResponse, send, Target, targetOf, targetUnder } from "./transport";
import { AttioAgent, attioHttpAgent, canPreconnect, Preconnecting } from "./warm-agent";
import { AttioMember, parseMember } from "./member";
import { AttioSelf, parseSelf } from "./self";
import { readRevokeResponse, revokeRequest } from "./revoke";
import { readTokenResponse, TokenResponse } from "./token";

/** What a client needs to know; resolved from the strategy's options. */
export interface AttioClientConfig {
  readonly clientID: string;
  readonly clientSecret: string;
  readonly tokenURL: string;
  readonly revokeURL: string;
  readonly apiURL: string;
  readonly timeoutMs: number;
  readonly tokenHeaders: Readonly<Record<string, string>>;
  /** Carries every request; undefined: warm keep-alive agents of the client's own. */
  readonly agent: Agent | undefined;
}

/** A parsed body together with the exact text Attio sent. */
export interface Fetched<T> {
  readonly json: T;
  readonly raw: string;
}

/** Attio asks for "the next second" in practice; used when a 429 names no time. */
const DEFAULT_RETRY_AFTER_MS = 1000;

export class AttioClient {
  private readonly refreshes = new Map<string, Promise<TokenResponse>>();
  private readonly token: Target;
  private readonly api: Target;
  private readonly self: Target;
  private readonly tokenHeaders: Readonly<Record<string, string>>;
  private ownAgents: { readonly http: Agent & Preconnecting; readonly https: AttioAgent } | undefined;

  constructor(readonly config: AttioClientConfig) {
    this.token = targetOf(new URL(config.tokenURL));
    this.api = targetOf(new URL(config.apiURL));
    this.self = targetUnder(this.api, "v2/self");
    this.tokenHeaders = { ...config.tokenHeaders, "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  }

  /**
   * Opens the connections a login will need while the person is on Attio's
   * consent page: the token host and the API host, at most one warm connection each.
   */
  warmUp(): void {
    this.preconnect(this.token.url);
    this.preconnect(this.api.url);
  }

  /** POSTs a grant (`authorization_code` or `refresh_token`) to the token endpoint. */
  async requestToken(grant: Readonly<Record<string, string>>): Promise<TokenResponse> {
    const { clientID, clientSecret, timeoutMs } = this.config;
    const request: HttpRequest = {
      method: "POST",
      target: this.token,
      endpoint: "token endpoint",
      headers: this.tokenHeaders,
      // Attio documents client credentials in the body, not HTTP Basic.
      body: formBody({ ...grant, client_id: clientID, client_secret: clientSecret }),
      // Only the secret parts of the grant: grant_type and redirect_uri may be quoted as they are.
      secrets: [clientSecret, grant["code"], grant["code_verifier"], grant["refresh_token"]].filter((value): value is string => !!value),
      deadline: deadlineIn(timeoutMs),
      agent: this.agentFor(this.token.url),
    };
    const response = send(request);
    // A sign-in reads /v2/self next: its connection opens while the token exchange runs.
    if (grant["grant_type"] === "authorization_code") this.preconnect(this.api.url);
    return readTokenResponse(await response, request);
  }

  /** Refreshes a token; concurrent calls with the same refresh token share one request. */
  refresh(refreshToken: string): Promise<TokenResponse> {
    const pending = this.refreshes.get(refreshToken);
    if (pending) return pending;
    const request = this.requestToken({ grant_type: "refresh_token", refresh_token: refreshToken }).finally(() =>
      this.refreshes.delete(refreshToken),
    );
    this.refreshes.set(refreshToken, request);
    return request;
  }

  /** `POST /oauth/revoke`: resolves once Attio answers 204; never retried here (Attio allows 50 a minute per IP). */
  async revoke(accessToken: string): Promise<void> {
    const revoke = targetOf(new URL(this.config.revokeURL));
    const request = revokeRequest(revoke, accessToken, deadlineIn(this.config.timeoutMs), this.agentFor(revoke.url));
    readRevokeResponse(await send(request), request);
  }

  /**
   * `GET /v2/self`: what Attio knows about the token. A 401 means Attio does not
   * accept the token at all, which for our purposes is the same as inactive.
   */
  async getSelf(accessToken: string): Promise<Fetched<AttioSelf>> {
    const { response, request } = await this.getApi(this.self, "/v2/self endpoint", accessToken);
    if (response.status === 401) return { json: { active: false }, raw: response.text };
    if (response.status !== 200) throw statusError(response, request);
    return { json: parseSelf(parseJson(response, request.endpoint)), raw: response.text };
  }

  /** `GET /v2/workspace_members/{id}`; null when Attio refuses (403, no scope) or does not know the member (404). */
  async getMember(accessToken: string, memberId: string): Promise<Fetched<AttioMember> | null> {
    const target = targetUnder(this.api, `v2/workspace_members/${encodeURIComponent(memberId)}`);
    const { response, request } = await this.getApi(target, "workspace member endpoint", accessToken);
    if (response.status === 403 || response.status === 404) return null;
    if (response.status !== 200) throw statusError(response, request);
    return { json: parseMember(parseJson(response, request.endpoint)), raw: response.text };
  }

  /** A GET on Attio's API that waits out one 429 when Retry-After fits inside the timeout. */
  private async getApi(target: Target, endpoint: string, accessToken: string): Promise<{ response: HttpResponse; request: HttpRequest }> {
    const request = this.apiRequest(target, endpoint, accessToken, deadlineIn(this.config.timeoutMs));
    const first = await send(request);
    if (first.status !== 429) return { response: first, request };
    const limited = statusError(first, request);
    const wait = limited.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
    if (Date.now() + wait >= request.deadline.at) throw retryTooLate(limited, wait);
    await sleep(wait);
    return { response: await send(request), request };
  }

  private apiRequest(target: Target, endpoint: string, accessToken: string, deadline: Deadline): HttpRequest {
    return {
      method: "GET",
      target,
      endpoint,
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      secrets: [accessToken, this.config.clientSecret],
      deadline,
      agent: this.agentFor(this.api.url),
    };
  }

  private preconnect(url: URL): void {
    const agent = this.agentFor(url);
    if (canPreconnect(agent)) agent.preconnect(url);
  }

  /** The agent given, or this client's own: keep-alive, warmable, idle connections closed after 60 s. */
  private agentFor(url: URL): Agent {
    if (this.config.agent) return this.config.agent;
    this.ownAgents ??= { http: attioHttpAgent(), https: new AttioAgent() };
    return url.protocol === "http:" ? this.ownAgents.http : this.ownAgents.https;
  }
}

function retryTooLate(limited: AttioRequestError, wait: number): AttioRequestError {
  return new AttioRequestError(
    "ATTIO_RATE_LIMITED",
    `${limited.message.replace(/\.$/, "")}; it asked to retry after ${wait} ms, past this request's timeout.`,
    { status: 429, cause: limited, ...(limited.attio ? { attio: limited.attio } : {}), retryAfterMs: wait },
  );
}
