/**
 * Attio with one endpoint misbehaving: each of the three endpoints a login
 * touches answers once, as scripted, or as Attio normally would. Token requests
 * are recorded, so the PKCE verifier each carried can be looked for in output.
 */
import nock from "nock";
import { API_ORIGIN, APP_ORIGIN } from "./attio";
import { AUTH_CODE, memberBody, selfBody, TOKEN_BODY } from "../../harness/fixtures";

/** What the endpoint received. */
export interface SeenRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A scripted answer: `json` is serialised, `raw` is sent as it is, after `delayMs` if given. */
export interface ScriptedReply {
  readonly status: number;
  readonly json?: unknown;
  readonly raw?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

export type Reply = ScriptedReply | ((seen: SeenRequest) => ScriptedReply);

export interface AttioScript {
  readonly token?: Reply;
  readonly self?: Reply;
  readonly member?: Reply;
}

/** Every token request body seen since the last {@link resetSeen}. */
export const seenTokenForms: URLSearchParams[] = [];

export function resetSeen(): void {
  seenTokenForms.length = 0;
}

/** Secrets that passed through the token endpoint (verifiers, codes, refresh tokens). */
export function secretsSeen(): string[] {
  return seenTokenForms.flatMap((form) => ["code", "code_verifier", "refresh_token"].map((key) => form.get(key) ?? ""));
}

/** Attio's normal answers: the fixture code exchanges for the fixture token; other codes get invalid_grant. */
export const NORMAL: Required<AttioScript> = {
  token: ({ body }) =>
    new URLSearchParams(body).get("code") === AUTH_CODE
      ? { status: 200, json: TOKEN_BODY }
      : { status: 400, json: { error: "invalid_grant", error_description: "The authorization code is invalid." } },
  self: { status: 200, json: selfBody() },
  member: { status: 200, json: memberBody() },
};

/** Installs one interceptor per endpoint; the script's replies replace the normal ones. `persist` keeps them for many logins. */
export function scriptAttio(script: AttioScript = {}, persist = false): void {
  const token = nock(APP_ORIGIN).persist(persist).post("/oauth/token");
  const self = nock(API_ORIGIN).persist(persist).get("/v2/self");
  // Any member id: the strategy asks for whichever member /v2/self named.
  const member = nock(API_ORIGIN)
    .persist(persist)
    .get(/^\/v2\/workspace_members\/[^/]+$/);
  for (const [interceptor, reply, isToken] of [
    [token, script.token ?? NORMAL.token, true],
    [self, script.self ?? NORMAL.self, false],
    [member, script.member ?? NORMAL.member, false],
  ] as const) {
    interceptor.reply(function (_uri, body, callback) {
      const seen = {
        body: typeof body === "string" ? body : new URLSearchParams(body as Record<string, string>).toString(),
        headers: flatHeaders(this.req.headers),
      };
      if (isToken) seenTokenForms.push(new URLSearchParams(seen.body));
      const { status, json, raw, headers, delayMs } = typeof reply === "function" ? reply(seen) : reply;
      const text = raw ?? (json === undefined ? "" : JSON.stringify(json));
      const answer = (): void =>
        callback(null, [status, text, { ...(raw === undefined ? { "content-type": "application/json" } : {}), ...headers }]);
      // Unref'd: a reply nobody waits for any more must not keep the test run alive.
      if (delayMs === undefined) answer();
      else setTimeout(answer, delayMs).unref();
    });
  }
}

function flatHeaders(headers: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value]));
}
