/** Hostile input from the browser: every malformed callback we could think of, on both state stores. */
import { expect } from "chai";
import { isolateNetwork } from "../helpers/attio";
import { scriptAttio } from "../helpers/attio-script";
import { AUTH_CODE, MEMBER_ID } from "../../harness/fixtures";
import { CaseExpectation, hostileCase, Observed, useHostileHarness } from "../helpers/hostile";
import { rawGet } from "../helpers/raw-http";
import {
  attempt,
  begin,
  CASE_DEADLINE_MS,
  caseOptions,
  codeAndState,
  newBrowser,
  observe,
  Rig,
  RIG_KINDS,
  RigKind,
  useRig,
} from "../helpers/hostile-rig";

const NO_CODE = /^The sign-in response from Attio had no authorization code/;
const MALFORMED = /^The sign-in response from Attio was malformed/;
const NO_STATE_OR_BAD_STATE =
  /^(The sign-in response from Attio had no state|No sign-in in progress was found in this browser|This response from Attio does not belong)/;
const CODE_REJECTED = /^Attio did not accept this sign-in response: it was already used, or it expired\./;
const DENIED = /^Access to Attio was not granted/;
const KB = 1024;

const fail = (message?: RegExp): CaseExpectation => ({ kinds: ["failure"], ...(message ? { message } : {}) });
const error = (code: string | RegExp, message?: RegExp): CaseExpectation => ({ kinds: ["error"], code, ...(message ? { message } : {}) });

/** A callback query built from the real state of the login in progress. */
type Query = (state: string) => string;
const q =
  (text: string): Query =>
  (state) =>
    text.replaceAll("$STATE", encodeURIComponent(state)).replaceAll("$CODE", AUTH_CODE);

const QUERY_CASES: readonly { name: string; query: Query; expect: CaseExpectation | ((kind: RigKind) => CaseExpectation) }[] = [
  { name: "a normal callback (control)", query: codeAndState(), expect: { kinds: ["success"] } },
  { name: "code missing", query: q("state=$STATE"), expect: fail(NO_CODE) },
  { name: "state missing", query: q("code=$CODE"), expect: fail(NO_STATE_OR_BAD_STATE) },
  { name: "code and state missing, junk only", query: q("foo=bar"), expect: { kinds: ["redirect"] } },
  { name: "code repeated", query: q("code=$CODE&code=other-code-123&state=$STATE"), expect: fail(MALFORMED) },
  { name: "state repeated", query: q("code=$CODE&state=$STATE&state=$STATE"), expect: fail(MALFORMED) },
  { name: "code and state repeated", query: q("code=a&state=$STATE&code=b&state=x"), expect: fail(MALFORMED) },
  { name: "code empty", query: q("code=&state=$STATE"), expect: fail(NO_CODE) },
  { name: "state empty", query: q("code=$CODE&state="), expect: fail(NO_STATE_OR_BAD_STATE) },
  { name: "code and state empty", query: q("code=&state="), expect: fail(NO_CODE) },
  {
    name: "code as a nested parameter",
    query: q("code[a]=b&state=$STATE"),
    expect: (kind) => fail(kind === "session" ? MALFORMED : NO_CODE),
  },
  {
    name: "state as a nested parameter",
    query: q("code=$CODE&state[a]=$STATE"),
    expect: (kind) => fail(kind === "session" ? MALFORMED : NO_STATE_OR_BAD_STATE),
  },
  { name: "code as code[]", query: q("code[]=$CODE&state=$STATE"), expect: (kind) => fail(kind === "session" ? MALFORMED : NO_CODE) },
  { name: "code of 10 KB", query: q(`code=${"c".repeat(10 * KB)}&state=$STATE`), expect: fail(MALFORMED) },
  { name: "state of 10 KB", query: q(`code=$CODE&state=${"s".repeat(10 * KB)}`), expect: fail(MALFORMED) },
  { name: "error_description of 10 KB", query: q(`error=server_error&error_description=${"d".repeat(10 * KB)}`), expect: fail(MALFORMED) },
  { name: "code not UTF-8", query: q("code=%FF%FE%FD&state=$STATE"), expect: fail(CODE_REJECTED) },
  {
    name: "code with an overlong encoding and a lone surrogate",
    query: q("code=%C0%AF%ED%A0%80&state=$STATE"),
    expect: fail(CODE_REJECTED),
  },
  {
    name: "code with NUL, CR and LF",
    query: q("code=a%00b%0D%0ALocation:%20https://evil.example&state=$STATE"),
    expect: fail(CODE_REJECTED),
  },
  { name: "code with broken percent-encoding", query: q("code=%E0%A4%A&state=$STATE"), expect: fail(CODE_REJECTED) },
  { name: "state not UTF-8", query: q("code=$CODE&state=%C3%28"), expect: fail(NO_STATE_OR_BAD_STATE) },
  { name: "state forged", query: q("code=$CODE&state=aGVsbG8td29ybGQtdGhpcy1pcy1mb3JnZWQ"), expect: fail() },
  { name: "state with the real one as a prefix", query: q("code=$CODE&state=$STATEx"), expect: fail() },
  { name: "error=access_denied", query: q("error=access_denied&state=$STATE"), expect: fail(DENIED) },
  {
    name: "error=access_denied with a description",
    query: q("error=access_denied&error_description=The+user+said+no"),
    expect: fail(DENIED),
  },
  { name: "error=access_denied beside a code", query: q("error=access_denied&code=$CODE&state=$STATE"), expect: fail(DENIED) },
  ...[
    "invalid_request",
    "unauthorized_client",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
    "made_up_error",
  ].map((code) => ({ name: `error=${code}`, query: q(`error=${code}&state=$STATE`), expect: error(code, new RegExp(`\\(${code}\\)`)) })),
  {
    name: "error with a description",
    query: q("error=server_error&error_description=Attio+is+down"),
    expect: error("server_error", /^Attio is down$/),
  },
  {
    name: "error with an empty description",
    query: q("error=temporarily_unavailable&error_description="),
    expect: error("temporarily_unavailable", /^Attio refused the authorization request \(temporarily_unavailable\)\.$/),
  },
  {
    name: "error with a blank description",
    query: q("error=server_error&error_description=%20%0D%0A"),
    expect: error("server_error", /^Attio refused the authorization request \(server_error\)\.$/),
  },
  { name: "error empty", query: q("error=&state=$STATE"), expect: error("server_error") },
  { name: "error repeated", query: q("error=a&error=b"), expect: fail(MALFORMED) },
  // RFC 6749 §4.1.2.1 allows printable ASCII but `"` and `\`: anything else is no error code Attio sent.
  { name: "error of control characters", query: q("error=%00%0D%0A&state=$STATE"), expect: fail(MALFORMED) },
  { name: "error with a quote", query: q("error=server_error%22&state=$STATE"), expect: fail(MALFORMED) },
  { name: "error in unicode", query: q("error=server_%C3%A9rror&state=$STATE"), expect: fail(MALFORMED) },
  { name: "error of 200 bytes", query: q(`error=${"e".repeat(200)}`), expect: fail(MALFORMED) },
  {
    name: "error_description with markup",
    query: q("error=invalid_request&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    expect: error("invalid_request"),
  },
  {
    name: "error_description with CR LF and NUL",
    query: q("error=invalid_request&error_description=a%0D%0Ab%00c"),
    expect: error("invalid_request", /^a {2}b c$/),
  },
  { name: "error_description not UTF-8", query: q("error=invalid_request&error_description=%FF%FE"), expect: error("invalid_request") },
  { name: "error_uri javascript:", query: q("error=invalid_request&error_uri=javascript:alert(1)"), expect: error("invalid_request") },
  {
    name: "error_description without error",
    query: q("code=$CODE&state=$STATE&error_description=ignored"),
    expect: { kinds: ["success"] },
  },
  {
    name: "1000 junk parameters before code and state",
    query: q(`${Array.from({ length: 1000 }, (_, i) => `p${i}=x`).join("&")}&code=$CODE&state=$STATE`),
    expect: { kinds: ["success", "redirect"] },
  },
  { name: "prototype keys", query: q("__proto__=x&constructor=y&code=$CODE&state=$STATE"), expect: { kinds: ["success"] } },
];

describe("hostile: the browser", () => {
  isolateNetwork();
  useHostileHarness();

  for (const kind of RIG_KINDS) {
    describe(`${kind} store`, () => {
      const app = useRig(kind);
      let rig: Rig;
      beforeEach(() => {
        rig = app();
        scriptAttio({}, true);
      });

      const run = (name: string, act: () => Promise<Observed>, expectation: CaseExpectation) =>
        hostileCase(`browser/${kind}: ${name}`, act, expectation, caseOptions());

      for (const { name, query, expect: expectation } of QUERY_CASES) {
        it(name, () => run(name, () => attempt(rig, query), typeof expectation === "function" ? expectation(kind) : expectation));
      }

      it("a form_post callback", () =>
        run("form_post", () => postCallback(rig, (state) => `code=${AUTH_CODE}&state=${state}`), { kinds: ["success"] }));
      it("a form_post code of 1 MB", () =>
        run("form_post 1 MB", () => postCallback(rig, (state) => `code=${"c".repeat(1024 * KB)}&state=${state}`), fail(MALFORMED)));
      it("a form_post body past the body limit", () =>
        run(
          "form_post 3 MB",
          () => postCallback(rig, (state) => `code=${"c".repeat(3 * 1024 * KB)}&state=${state}`),
          error("PayloadTooLargeError"),
        ));
      it("a form_post body not UTF-8", () =>
        run("form_post not UTF-8", () => postCallback(rig, (state) => `code=%FF%FE&state=${state}`), fail(CODE_REJECTED)));
      it("a form_post body in another charset", () =>
        run(
          "form_post latin1",
          () => postCallback(rig, (state) => `code=${AUTH_CODE}&state=${state}`, "application/x-www-form-urlencoded; charset=latin1"),
          error("UnsupportedMediaTypeError"),
        ));
      it("a form_post code beside a query state", () =>
        run(
          "form_post + query",
          async () => {
            const browser = newBrowser();
            const state = await begin(browser, rig);
            return observe(() => browser.post(rig.server, `/auth/attio/callback?state=${encodeURIComponent(state)}`, `code=${AUTH_CODE}`));
          },
          { kinds: ["success"] },
        ));

      it("a replayed callback", () =>
        run(
          "replay",
          async () => {
            const browser = newBrowser();
            const state = await begin(browser, rig);
            const path = `/auth/attio/callback?${codeAndState()(state)}`;
            expect((await browser.get(rig.server, path)).status).to.equal(200);
            return observe(() => browser.get(rig.server, path));
          },
          fail(),
        ));

      it("a state from another browser", () =>
        run(
          "state from another browser",
          async () => {
            const victim = newBrowser();
            const state = await begin(victim, rig);
            const attacker = newBrowser();
            await begin(attacker, rig);
            return observe(() => attacker.get(rig.server, `/auth/attio/callback?${codeAndState()(state)}`));
          },
          fail(),
        ));

      it("the state of an earlier login in the same browser", () =>
        run(
          "earlier login's state",
          async () => {
            const browser = newBrowser();
            const first = await begin(browser, rig);
            await begin(browser, rig);
            return observe(() => browser.get(rig.server, `/auth/attio/callback?${codeAndState()(first)}`));
          }, // The session store keeps one login per session; the cookie store one per login.
          kind === "cookie" ? { kinds: ["success"] } : fail(/^This response from Attio does not belong to the sign-in in progress/),
        ));

      it("a login that Attio completes for a different member than the one who started it", () =>
        run("member differs", () => attempt(rig, codeAndState()), { kinds: ["success"] }).then((outcome) => {
          expect(outcome.kind === "success" && (outcome.body["user"] as { id: string }).id).to.equal(MEMBER_ID);
        }));

      it("cookies that are garbage", () =>
        run(
          "garbage cookies",
          async () => {
            const browser = newBrowser();
            const state = await begin(browser, rig);
            const garbage = `;;;=;==;attio_state.x=%%%; connect.sid=s%3Agarbage.sig; attio_state.${"A".repeat(22)}=${"B".repeat(300)}; ${browser.cookieHeader("/auth/attio/callback")}`;
            return observe(() => browser.get(rig.server, `/auth/attio/callback?${codeAndState()(state)}`, { cookie: garbage }));
          },
          { kinds: ["success", "failure"] },
        ));

      it("a cookie header of 1 MB", () =>
        run(
          "1 MB cookie",
          () => rawCallback(rig, (state) => `/auth/attio/callback?${codeAndState()(state)}`, { cookie: `x=${"y".repeat(1024 * KB)}` }),
          {
            kinds: ["rejected"],
          },
        ));

      it("a code of 1 MB in the URL", () =>
        run("1 MB URL", () => rawCallback(rig, (state) => `/auth/attio/callback?code=${"c".repeat(1024 * KB)}&state=${state}`), {
          kinds: ["rejected"],
        }));

      it("raw bytes that are not UTF-8 in the request line", () =>
        run(
          "raw bytes",
          () =>
            rawCallback(rig, (state) =>
              Buffer.concat([Buffer.from("/auth/attio/callback?code="), Buffer.of(0xff, 0xfe, 0x80), Buffer.from(`&state=${state}`)]),
            ),
          {
            kinds: ["rejected", "error"],
          },
        ));

      it("a request line with spaces and CR in the target", () =>
        run("target with CR", () => rawCallback(rig, (state) => `/auth/attio/callback?code=a\rb&state=${state}`), { kinds: ["rejected"] }));
    });
  }
});

/** A callback sent over a bare socket, with the cookies of a login begun in a real browser. */
async function rawCallback(rig: Rig, target: (state: string) => string | Buffer, headers: Record<string, string> = {}): Promise<Observed> {
  const browser = newBrowser();
  const state = await begin(browser, rig);
  const cookie = browser.cookieHeader("/auth/attio/callback");
  return observe(() => rawGet(rig.origin, target(state), { ...(cookie ? { cookie } : {}), ...headers }, CASE_DEADLINE_MS));
}

async function postCallback(rig: Rig, form: (state: string) => string, contentType?: string): Promise<Observed> {
  const browser = newBrowser();
  const state = await begin(browser, rig);
  return observe(() => browser.post(rig.server, "/auth/attio/callback", form(state), contentType ? { "content-type": contentType } : {}));
}
