/** nock interceptors for Attio's endpoints, with the defaults the strategy uses. */
import nock from "nock";
import { ACCESS_TOKEN, memberBody, MEMBER_ID, selfBody, TOKEN_BODY } from "../../harness/fixtures";

export const APP_ORIGIN = "https://app.attio.com";
export const API_ORIGIN = "https://api.attio.com";

/** Blocks every connection but loopback, and clears interceptors between tests. */
export function isolateNetwork(): void {
  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterEach(() => nock.cleanAll());
  after(() => nock.enableNetConnect());
}

/** Intercepts one token request; `onBody` sees the parsed form body. */
export function mockToken(reply: { status?: number; body?: unknown } = {}, onBody?: (body: Record<string, string>) => void): nock.Scope {
  return nock(APP_ORIGIN)
    .post("/oauth/token", (body: Record<string, string>) => {
      onBody?.({ ...body });
      return true;
    })
    .reply(reply.status ?? 200, (reply.body ?? TOKEN_BODY) as nock.Body);
}

/** Intercepts one `GET /v2/self` made with `token`. */
export function mockSelf(body: unknown = selfBody(), status = 200, token = ACCESS_TOKEN): nock.Scope {
  return nock(API_ORIGIN)
    .get("/v2/self")
    .matchHeader("authorization", `Bearer ${token}`)
    .reply(status, body as nock.Body);
}

/** Intercepts one `GET /v2/workspace_members/{id}`. */
export function mockMember(body: unknown = memberBody(), status = 200, id = MEMBER_ID, token = ACCESS_TOKEN): nock.Scope {
  return nock(API_ORIGIN)
    .get(`/v2/workspace_members/${id}`)
    .matchHeader("authorization", `Bearer ${token}`)
    .reply(status, body as nock.Body);
}
