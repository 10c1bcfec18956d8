/**
 * Hostile input to the token helpers an app calls itself: checkAccessToken with
 * tokens no header can carry and /v2/self misbehaving; refreshAccessToken with
 * the token endpoint misbehaving. Each settles with a value or a typed error.
 */
import { expect } from "chai";
import nock from "nock";
import { checkAccessToken, refreshAccessToken } from "../../src";
import { APP_ORIGIN, isolateNetwork } from "../helpers/attio";
import { Reply, resetSeen, scriptAttio } from "../helpers/attio-script";
import { ACCESS_TOKEN, TOKEN_BODY } from "../../harness/fixtures";
import { CaseExpectation, hostileCase, useHostileHarness } from "../helpers/hostile";
import { caseOptions, HOSTILE_TIMEOUT_MS, observeCall } from "../helpers/hostile-rig";
import { testStrategy } from "../../harness/strategy";

const REFRESH_TOKEN = "refresh-token-0123456789abcdef";
const strategy = testStrategy({ timeout: HOSTILE_TIMEOUT_MS });
const value = (check: (value: unknown) => void): CaseExpectation & { check: typeof check } => ({ kinds: ["success"], check });
const typed = (code: string | RegExp, message?: RegExp): CaseExpectation => ({ kinds: ["error"], code, ...(message ? { message } : {}) });

describe("hostile: the token helpers", () => {
  isolateNetwork();
  useHostileHarness();
  beforeEach(resetSeen);

  describe("checkAccessToken", () => {
    const CASES: readonly [string, string, Reply | undefined, CaseExpectation & { check?: (value: unknown) => void }][] = [
      [
        "an active token",
        ACCESS_TOKEN,
        undefined,
        value((status) => expect(status).to.include({ active: true, workspaceId: "14beef7a-99f7-4534-a87e-70b564330a4c" })),
      ],
      [
        "a 401",
        ACCESS_TOKEN,
        { status: 401, json: { status_code: 401, type: "auth_error", code: "unauthorized", message: `Bad token ${ACCESS_TOKEN}` } },
        value((status) => expect(status).to.include({ active: false })),
      ],
      [
        '{"active": false}',
        ACCESS_TOKEN,
        { status: 200, json: { active: false } },
        value((status) => expect(status).to.include({ active: false })),
      ],
      ["an empty token", "", undefined, value((status) => expect(status).to.include({ active: false }))],
      [
        "a 400 quoting the token",
        ACCESS_TOKEN,
        { status: 400, json: { status_code: 400, type: "invalid_request_error", code: "bad", message: `Malformed token ${ACCESS_TOKEN}` } },
        typed("ATTIO_HTTP_ERROR", /\[redacted\]/),
      ],
      ["a 403", ACCESS_TOKEN, { status: 403, json: {} }, typed("ATTIO_HTTP_ERROR")],
      [
        "a 429 past the budget",
        ACCESS_TOKEN,
        { status: 429, json: {}, headers: { "retry-after": "60" } },
        typed("ATTIO_RATE_LIMITED", /past this request's timeout/),
      ],
      [
        "a 503 page",
        ACCESS_TOKEN,
        { status: 503, raw: "<html>down</html>", headers: { "content-type": "text/html" } },
        typed("ATTIO_HTTP_ERROR"),
      ],
      [
        "an HTML 200",
        ACCESS_TOKEN,
        { status: 200, raw: "<html>ok</html>", headers: { "content-type": "text/html" } },
        typed("ATTIO_RESPONSE_NOT_JSON"),
      ],
      ["a JSON array", ACCESS_TOKEN, { status: 200, json: [] }, typed("ATTIO_RESPONSE_INVALID")],
      ["a token with CR LF, which no header can carry", `${ACCESS_TOKEN}\r\nX-Injected: yes`, undefined, typed("ATTIO_NETWORK_ERROR")],
      ["a token with a snowman, which no header can carry", `${ACCESS_TOKEN}-\u2603`, undefined, typed("ATTIO_NETWORK_ERROR")],
    ];
    for (const [name, token, reply, expectation] of CASES) {
      it(name, async () => {
        scriptAttio(reply ? { self: reply } : {});
        const outcome = await hostileCase(
          `check: ${name}`,
          () => observeCall(() => checkAccessToken(strategy, token)),
          expectation,
          caseOptions([token]),
        );
        if (outcome.kind === "success") expectation.check?.(outcome.body["value"]);
      });
    }
  });

  describe("refreshAccessToken", () => {
    const CASES: readonly [string, string | undefined, Reply | undefined, CaseExpectation & { check?: (value: unknown) => void }][] = [
      ["no refresh token (Attio today)", undefined, undefined, typed("ATTIO_NO_REFRESH_TOKEN", /use checkAccessToken/)],
      ["an empty refresh token", "", undefined, typed("ATTIO_NO_REFRESH_TOKEN")],
      [
        "a new access token without a new refresh token",
        REFRESH_TOKEN,
        { status: 200, json: { ...TOKEN_BODY, expires_in: 3600 } },
        value((tokens) => expect(tokens).to.include({ accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN })),
      ],
      ["invalid_grant", REFRESH_TOKEN, { status: 400, json: { error: "invalid_grant" } }, typed("ATTIO_REAUTHORIZATION_REQUIRED")],
      [
        "invalid_client quoting the request",
        REFRESH_TOKEN,
        (seen) => ({ status: 401, json: { error: "invalid_client", error_description: `Rejected: ${seen.body}` } }),
        typed("invalid_client", /\[text withheld: it quoted a credential\]/),
      ],
      [
        "a 500 quoting the request",
        REFRESH_TOKEN,
        (seen) => ({ status: 500, json: { status_code: 500, message: `Failed on ${seen.body}` } }),
        typed("ATTIO_HTTP_ERROR", /\[text withheld: it quoted a credential\]/),
      ],
      [
        "a 503 page",
        REFRESH_TOKEN,
        { status: 503, raw: "<html>down</html>", headers: { "content-type": "text/html" } },
        typed("ATTIO_HTTP_ERROR"),
      ],
      [
        "an HTML 200",
        REFRESH_TOKEN,
        { status: 200, raw: "<html>ok</html>", headers: { "content-type": "text/html" } },
        typed("ATTIO_RESPONSE_NOT_JSON"),
      ],
      ["a 429", REFRESH_TOKEN, { status: 429, json: {}, headers: { "retry-after": "1" } }, typed("ATTIO_RATE_LIMITED")],
      [
        "a refresh token with CR LF",
        `${REFRESH_TOKEN}\r\nX: y`,
        { status: 400, json: { error: "invalid_grant" } },
        typed("ATTIO_REAUTHORIZATION_REQUIRED"),
      ],
    ];
    for (const [name, refreshToken, reply, expectation] of CASES) {
      it(name, async () => {
        scriptAttio(reply ? { token: reply } : {});
        const outcome = await hostileCase(
          `refresh: ${name}`,
          () => observeCall(() => refreshAccessToken(strategy, refreshToken)),
          expectation,
          caseOptions(refreshToken ? [refreshToken] : []),
        );
        if (outcome.kind === "success") expectation.check?.(outcome.body["value"]);
      });
    }

    it("shares one request among concurrent refreshes of the same token, even when it fails", async () => {
      let requests = 0;
      nock(APP_ORIGIN)
        .persist()
        .post("/oauth/token")
        .delay(50)
        .reply(() => [503, `<html>down ${++requests}</html>`]);
      const calls = () => Promise.allSettled(Array.from({ length: 20 }, () => refreshAccessToken(strategy, REFRESH_TOKEN)));
      const outcome = await hostileCase(
        "refresh: 20 concurrent calls on a failing endpoint",
        () => observeCall(calls),
        { kinds: ["success"] },
        caseOptions([REFRESH_TOKEN]),
      );
      const settled = (outcome.kind === "success" ? outcome.body["value"] : []) as PromiseSettledResult<unknown>[];
      expect(settled.map((result) => result.status)).to.deep.equal(Array(20).fill("rejected"));
      expect(requests).to.equal(1);
    });
  });
});
