/**
 * Attio's rate limit: a 429 on /v2/self or the member request is retried once,
 * after the time Retry-After asks for (an HTTP-date, as Attio sends, or
 * seconds), when that fits inside the timeout; otherwise it is a clear error at
 * once. The token request is never retried.
 */
import { expect } from "chai";
import fc from "fast-check";
import nock from "nock";
import { API_ORIGIN, APP_ORIGIN, isolateNetwork } from "../helpers/attio";
import { NORMAL, resetSeen, scriptAttio, ScriptedReply } from "../helpers/attio-script";
import { Browser } from "../helpers/browser";
import { CaseExpectation, hostileCase, useHostileHarness } from "../helpers/hostile";
import { attempt, caseOptions, codeAndState, useRig } from "../helpers/hostile-rig";

/** Long enough to wait out a one-second Retry-After. */
const RETRY_TIMEOUT_MS = 2500;
const DEADLINE_MS = RETRY_TIMEOUT_MS + 1000;

const RATE_LIMITED = {
  status_code: 429,
  type: "rate_limit_error",
  code: "rate_limit_exceeded",
  message: "Rate limit exceeded, please try again later.",
};
/** An HTTP-date `seconds` from now, as Attio writes it (whole seconds, so the wait is a little under). */
const httpDate = (seconds: number) => new Date(Date.now() + seconds * 1000).toUTCString();

type Target = "self" | "member";
const PATHS: Readonly<Record<Target, RegExp>> = { self: /^\/v2\/self$/, member: /^\/v2\/workspace_members\/[^/]+$/ };

/** The `target` endpoint answers 429 with `retryAfter`, then `then`; returns how many requests it got. */
function limitOnce(target: Target, retryAfter: (() => string) | undefined, then: ScriptedReply): { count: () => number } {
  let requests = 0;
  nock(API_ORIGIN)
    .get(PATHS[target])
    .reply(() => {
      requests += 1;
      return [429, RATE_LIMITED, retryAfter ? { "retry-after": retryAfter() } : {}];
    });
  scriptAttio({
    [target]: () => {
      requests += 1;
      return then;
    },
  });
  return { count: () => requests };
}

const OK: Readonly<Record<Target, ScriptedReply>> = { self: NORMAL.self as ScriptedReply, member: NORMAL.member as ScriptedReply };
const AGAIN: ScriptedReply = { status: 429, json: RATE_LIMITED, headers: { "retry-after": "1" } };

interface RetryCase {
  readonly name: string;
  /** `patient`: a 2500 ms timeout, room for a one-second wait; `quick`: the suite's 500 ms. */
  readonly rig: "patient" | "quick";
  readonly retryAfter: (() => string) | undefined;
  readonly then: (target: Target) => ScriptedReply;
  readonly expect: CaseExpectation;
  readonly requests: number;
}

const TOO_LATE = (ms: RegExp): CaseExpectation => ({
  kinds: ["error"],
  code: "ATTIO_RATE_LIMITED",
  message: new RegExp(`asked to retry after ${ms.source} ms, past this request's timeout\\.$`),
});

const CASES: readonly RetryCase[] = [
  {
    name: "Retry-After: 1 (seconds), then 200",
    rig: "patient",
    retryAfter: () => "1",
    then: (t) => OK[t],
    expect: { kinds: ["success"] },
    requests: 2,
  },
  {
    name: "Retry-After as an HTTP-date one second ahead, then 200",
    rig: "patient",
    retryAfter: () => httpDate(1),
    then: (t) => OK[t],
    expect: { kinds: ["success"] },
    requests: 2,
  },
  {
    name: "Retry-After: 0, then 200",
    rig: "quick",
    retryAfter: () => "0",
    then: (t) => OK[t],
    expect: { kinds: ["success"] },
    requests: 2,
  },
  {
    name: "Retry-After as an HTTP-date in the past, then 200",
    rig: "quick",
    retryAfter: () => httpDate(-3600),
    then: (t) => OK[t],
    expect: { kinds: ["success"] },
    requests: 2,
  },
  {
    name: "Retry-After: 0, then 429 again",
    rig: "quick",
    retryAfter: () => "0",
    then: () => AGAIN,
    expect: { kinds: ["error"], code: "ATTIO_RATE_LIMITED", message: /is rate limiting requests \(HTTP 429\): Rate limit exceeded/ },
    requests: 2,
  },
  {
    name: "Retry-After: 5 (seconds), past the timeout",
    rig: "patient",
    retryAfter: () => "5",
    then: (t) => OK[t],
    expect: TOO_LATE(/5000/),
    requests: 1,
  },
  {
    name: "Retry-After as an HTTP-date ten seconds ahead, past the timeout",
    rig: "patient",
    retryAfter: () => httpDate(10),
    then: (t) => OK[t],
    expect: TOO_LATE(/\d+/),
    requests: 1,
  },
  {
    name: "Retry-After: 1 (seconds), past a 500 ms timeout",
    rig: "quick",
    retryAfter: () => "1",
    then: (t) => OK[t],
    expect: TOO_LATE(/1000/),
    requests: 1,
  },
  {
    name: "no Retry-After (a second, by default), past a 500 ms timeout",
    rig: "quick",
    retryAfter: undefined,
    then: (t) => OK[t],
    expect: TOO_LATE(/1000/),
    requests: 1,
  },
  {
    name: "an unreadable Retry-After (a second), past a 500 ms timeout",
    rig: "quick",
    retryAfter: () => "soon",
    then: (t) => OK[t],
    expect: TOO_LATE(/1000/),
    requests: 1,
  },
  {
    name: "Retry-After: 0, then an answer that never comes",
    rig: "quick",
    retryAfter: () => "0",
    then: (t) => ({ ...OK[t], delayMs: 10_000 }),
    expect: { kinds: ["error"], code: "ATTIO_TIMEOUT" },
    requests: 2,
  },
];

describe("hostile: Attio's rate limit", () => {
  isolateNetwork();
  useHostileHarness();
  const patient = useRig("cookie", () => ({ timeout: RETRY_TIMEOUT_MS }));
  const quick = useRig("cookie");

  for (const target of ["self", "member"] as const) {
    describe(`on the ${target} request`, () => {
      for (const { name, rig: which, retryAfter, then, expect: expectation, requests } of CASES) {
        it(name, async () => {
          const limited = limitOnce(target, retryAfter, then(target));
          const app = which === "patient" ? patient() : quick();
          await hostileCase(`rate-limit/${target}: ${name}`, () => attempt(app, codeAndState(), new Browser(DEADLINE_MS)), expectation, {
            ...caseOptions(),
            deadlineMs: DEADLINE_MS + 250,
          });
          expect(limited.count(), "requests to the endpoint").to.equal(requests);
        });
      }

      it("survives arbitrary Retry-After values", () =>
        fc.assert(
          fc.asyncProperty(
            fc.oneof(
              fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
              fc.integer({ min: -5, max: 1e12 }).map(String),
              fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
            ),
            async (header) => {
              resetSeen();
              nock.cleanAll();
              const limited = limitOnce(target, () => header, OK[target]);
              const outcome = await hostileCase(
                `rate-limit-property/${target}: Retry-After: ${header}`,
                () => attempt(quick(), codeAndState()),
                { kinds: ["success", "error"], code: "ATTIO_RATE_LIMITED" },
                caseOptions(),
              );
              expect(limited.count()).to.equal(outcome.kind === "success" ? 2 : 1);
            },
          ),
          { numRuns: 40, seed: 429 },
        ));
    });
  }

  it("does not retry a 429 from the token endpoint", async () => {
    let requests = 0;
    nock(APP_ORIGIN)
      .post("/oauth/token")
      .reply(() => [429, ((requests += 1), RATE_LIMITED), { "retry-after": "0" }]);
    scriptAttio({});
    await hostileCase(
      "rate-limit/token: Retry-After: 0",
      () => attempt(quick(), codeAndState()),
      { kinds: ["error"], code: "ATTIO_RATE_LIMITED" },
      caseOptions(),
    );
    expect(requests).to.equal(1);
  });
});
