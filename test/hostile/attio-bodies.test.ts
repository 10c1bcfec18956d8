/**
 * Hostile Attio, by body: each endpoint answering 200 with HTML, broken JSON,
 * JSON of the wrong shape, fields of the wrong type, a body past the size cap,
 * and (fast-check) arbitrary JSON.
 */
import { expect } from "chai";
import fc from "fast-check";
import { MAX_RESPONSE_BYTES } from "../../src";
import { isolateNetwork } from "../helpers/attio";
import { AttioScript, resetSeen, ScriptedReply, scriptAttio } from "../helpers/attio-script";
import { CLIENT_ID, memberBody, MEMBER_ID, selfBody, WORKSPACE_ID } from "../../harness/fixtures";
import { CaseExpectation, hostileCase, OutcomeKind, useHostileHarness } from "../helpers/hostile";
import { attempt, caseOptions, codeAndState, useRig } from "../helpers/hostile-rig";

const ok = (json: unknown): ScriptedReply => ({ status: 200, json });
const raw = (text: string, type = "application/json"): ScriptedReply => ({ status: 200, raw: text, headers: { "content-type": type } });
const err = (code: string | RegExp, message?: RegExp): CaseExpectation => ({ kinds: ["error"], code, ...(message ? { message } : {}) });
const fails = (message: RegExp, code?: string): CaseExpectation => ({ kinds: ["failure"], message, ...(code ? { code } : {}) });
const SUCCESS: CaseExpectation = { kinds: ["success"] };
const OVERSIZED = `{"padding":"${"x".repeat(MAX_RESPONSE_BYTES)}"}`;

/** Bodies every endpoint may get, with what any endpoint must make of them. */
const COMMON: readonly [string, ScriptedReply, CaseExpectation][] = [
  ["an HTML page", raw("<!doctype html><title>Maintenance</title>", "text/html"), err("ATTIO_RESPONSE_NOT_JSON")],
  ["invalid JSON", raw('{"active": tru'), err("ATTIO_RESPONSE_NOT_JSON")],
  ["JSON with a trailing comma", raw('{"access_token": "x",}'), err("ATTIO_RESPONSE_NOT_JSON")],
  ["an empty body", raw(""), err("ATTIO_RESPONSE_NOT_JSON")],
  ["a JSON array", ok([{ active: true }]), err("ATTIO_RESPONSE_INVALID")],
  ["JSON null", raw("null"), err("ATTIO_RESPONSE_INVALID")],
  ["a JSON string", ok("active"), err("ATTIO_RESPONSE_INVALID")],
  ["a JSON number", ok(42), err("ATTIO_RESPONSE_INVALID")],
  ["a body past the size cap", raw(OVERSIZED), err("ATTIO_RESPONSE_TOO_LARGE")],
  [
    "a body past the size cap, declared",
    { status: 200, raw: OVERSIZED, headers: { "content-type": "application/json", "content-length": String(OVERSIZED.length) } },
    err("ATTIO_RESPONSE_TOO_LARGE"),
  ],
  ["a BOM before the JSON", raw("\uFEFF{}"), { kinds: ["error"], code: /^ATTIO_RESPONSE_(NOT_JSON|INVALID)$/ }],
];

const TOKEN_CASES: readonly [string, ScriptedReply, CaseExpectation][] = [
  ["{}", ok({}), err("ATTIO_RESPONSE_INVALID", /no "access_token"/)],
  ["access_token a number", ok({ access_token: 42, token_type: "Bearer" }), err("ATTIO_RESPONSE_INVALID")],
  ["access_token null", ok({ access_token: null }), err("ATTIO_RESPONSE_INVALID")],
  ["access_token empty", ok({ access_token: "" }), err("ATTIO_RESPONSE_INVALID")],
  ["access_token an object", ok({ access_token: { value: "x" } }), err("ATTIO_RESPONSE_INVALID")],
  ["token_type mac", ok({ access_token: "tok-123456789", token_type: "mac" }), err("ATTIO_RESPONSE_INVALID")],
  ["token_type a number", ok({ access_token: "tok-123456789", token_type: 1 }), err("ATTIO_RESPONSE_INVALID")],
  ["expires_in a string", ok({ access_token: "tok-123456789", expires_in: "3600" }), err("ATTIO_RESPONSE_INVALID")],
  ["expires_in negative", ok({ access_token: "tok-123456789", expires_in: -1 }), err("ATTIO_RESPONSE_INVALID")],
  ["refresh_token a number", ok({ access_token: "tok-123456789", refresh_token: 7 }), err("ATTIO_RESPONSE_INVALID")],
  ["scope an array", ok({ access_token: "tok-123456789", scope: ["a"] }), err("ATTIO_RESPONSE_INVALID")],
  [
    "an OAuth error with HTTP 200",
    ok({ error: "invalid_grant", error_description: "Nope." }),
    fails(/^Attio did not accept this sign-in response/),
  ],
  ["an OAuth error that is not a string", ok({ error: { nested: true }, access_token: 5 }), err("ATTIO_RESPONSE_INVALID")],
  [
    "access_token with CR LF",
    ok({ access_token: "tok-123456789\r\nX-Injected: yes", token_type: "Bearer" }),
    err("ATTIO_RESPONSE_INVALID", /characters no token may contain/),
  ],
  [
    "access_token with non-Latin-1 characters",
    ok({ access_token: "tok-123456789-\u2603", token_type: "Bearer" }),
    err("ATTIO_RESPONSE_INVALID", /characters no token may contain/),
  ],
  [
    "refresh_token with a NUL",
    ok({ access_token: "tok-123456789", refresh_token: "refresh-token-0123456789\u0000" }),
    err("ATTIO_RESPONSE_INVALID", /characters no token may contain/),
  ],
  [
    "a new field and a refresh token (a future Attio)",
    ok({
      access_token: "access-token-0123456789",
      token_type: "bearer",
      expires_in: 3600,
      refresh_token: "refresh-token-0123456789",
      scope: "x",
      extra: [1],
    }),
    SUCCESS,
  ],
];

const SELF_CASES: readonly [string, ScriptedReply, CaseExpectation][] = [
  ['{"active": false}', ok({ active: false }), fails(/inactive/)],
  ["{}", ok({}), err("ATTIO_RESPONSE_INVALID", /no boolean "active"/)],
  ['active "true"', ok(selfBody({ active: "true" })), err("ATTIO_RESPONSE_INVALID")],
  ["active 1", ok(selfBody({ active: 1 })), err("ATTIO_RESPONSE_INVALID")],
  ["no workspace_id", ok(selfBody({ workspace_id: undefined })), fails(/did not say which workspace/)],
  ["workspace_id empty", ok(selfBody({ workspace_id: "" })), fails(/did not say which workspace/)],
  [
    "workspace_id a number",
    ok(selfBody({ workspace_id: 5 })),
    err("ATTIO_RESPONSE_INVALID", /"workspace_id" field of Attio's \/v2\/self response is not a string/),
  ],
  ["a token issued to another app", ok(selfBody({ client_id: "someone-else", aud: "someone-else" })), fails(/different app/)],
  ["no scope", ok(selfBody({ scope: undefined })), err("ATTIO_RESPONSE_INVALID", /does not list the granted scopes/)],
  ["scope a number", ok(selfBody({ scope: 5 })), err("ATTIO_RESPONSE_INVALID")],
  [
    "scope missing a required one",
    ok(selfBody({ scope: "user_management:read" })),
    fails(/not granted the scopes it needs: record_permission:read/),
  ],
  ["scope empty", ok(selfBody({ scope: "" })), fails(/not granted the scopes it needs/)],
  ["scope with read-write covering read", ok(selfBody({ scope: "record_permission:read-write  user_management:read-write" })), SUCCESS],
  ['exp "never"', ok(selfBody({ exp: "never" })), err("ATTIO_RESPONSE_INVALID")],
  ["exp huge", ok(selfBody({ exp: 1e300 })), SUCCESS],
  ["iat an object", ok(selfBody({ iat: {} })), err("ATTIO_RESPONSE_INVALID")],
  ["member id a number", ok(selfBody({ authorized_by_workspace_member_id: 5 })), err("ATTIO_RESPONSE_INVALID")],
  ["member id null", ok(selfBody({ authorized_by_workspace_member_id: null })), SUCCESS],
  ...["..", ".", "../../v2/self?x=#", "a/b", "a?b", "a#b", "a%2Fb", "a b", "ä", "a\u0000b", "x".repeat(129)].map(
    (id): [string, ScriptedReply, CaseExpectation] => [
      `member id ${JSON.stringify(id).slice(0, 40)}`,
      ok(selfBody({ authorized_by_workspace_member_id: id })),
      fails(/not a plain id/, "ATTIO_INVALID_MEMBER_ID"),
    ],
  ),
  ["aud names another app", ok(selfBody({ aud: "someone-else" })), fails(/different app/, "ATTIO_WRONG_CLIENT")],
  ["client_id names another app", ok(selfBody({ client_id: "someone-else" })), fails(/different app/, "ATTIO_WRONG_CLIENT")],
  ["only aud, ours", ok(selfBody({ client_id: undefined })), SUCCESS],
  ["only client_id, ours", ok(selfBody({ aud: undefined })), SUCCESS],
  ["neither client_id nor aud", ok(selfBody({ client_id: undefined, aud: undefined })), fails(/did not say which app/, "ATTIO_NO_CLIENT")],
  ["sub another workspace", ok(selfBody({ sub: "another-workspace" })), fails(/two different workspaces/, "ATTIO_WRONG_WORKSPACE")],
  ["no sub", ok(selfBody({ sub: undefined })), SUCCESS],
  ["exp in the past", ok(selfBody({ exp: 1_600_000_000 })), fails(/expired/, "ATTIO_TOKEN_EXPIRED")],
  ["exp now-ish", ok(selfBody({ exp: Math.floor(Date.now() / 1000) - 1 })), fails(/expired/, "ATTIO_TOKEN_EXPIRED")],
  ["exp in the future", ok(selfBody({ exp: Math.floor(Date.now() / 1000) + 3600 })), SUCCESS],
  ["iss another issuer", ok(selfBody({ iss: "evil.example" })), fails(/not issued by Attio/, "ATTIO_WRONG_ISSUER")],
  ["iss empty", ok(selfBody({ iss: "" })), fails(/not issued by Attio/, "ATTIO_WRONG_ISSUER")],
  ["no iss", ok(selfBody({ iss: undefined })), SUCCESS],
  ["workspace_logo_url a number", ok(selfBody({ workspace_logo_url: 5 })), err("ATTIO_RESPONSE_INVALID")],
  [
    "every optional field absent but client_id",
    ok({ active: true, client_id: CLIENT_ID, workspace_id: WORKSPACE_ID, scope: "record_permission:read user_management:read" }),
    SUCCESS,
  ],
  [
    "only active, client_id and workspace",
    ok({ active: true, client_id: CLIENT_ID, workspace_id: WORKSPACE_ID }),
    err("ATTIO_RESPONSE_INVALID"),
  ],
];

const MEMBER_CASES: readonly [string, ScriptedReply, CaseExpectation][] = [
  ["{}", ok({}), err("ATTIO_RESPONSE_INVALID", /no "data" object/)],
  ["data an array", ok({ data: [] }), err("ATTIO_RESPONSE_INVALID")],
  ["data null", ok({ data: null }), err("ATTIO_RESPONSE_INVALID")],
  ["first_name a number", ok(memberBody({ first_name: 5 })), err("ATTIO_RESPONSE_INVALID")],
  ["avatar_url a number", ok(memberBody({ avatar_url: 5 })), err("ATTIO_RESPONSE_INVALID")],
  ["email_address an array", ok(memberBody({ email_address: ["a@b.c"] })), err("ATTIO_RESPONSE_INVALID")],
  [
    "another member",
    ok(memberBody({ id: { workspace_id: WORKSPACE_ID, workspace_member_id: "someone-else" } })),
    err("ATTIO_RESPONSE_INVALID", /different member/),
  ],
  ["id not an object", ok(memberBody({ id: "x" })), SUCCESS],
  ["every field absent", ok({ data: {} }), SUCCESS],
  ["access_level suspended", ok(memberBody({ access_level: "suspended" })), fails(/suspended/, "ATTIO_MEMBER_SUSPENDED")],
  [
    "a member of another workspace",
    ok(memberBody({ id: { workspace_id: "another-workspace", workspace_member_id: MEMBER_ID } })),
    fails(/another workspace/, "ATTIO_WRONG_WORKSPACE"),
  ],
];

const CASES: Readonly<Record<keyof AttioScript, readonly [string, ScriptedReply, CaseExpectation][]>> = {
  token: [...COMMON, ...TOKEN_CASES],
  self: [...COMMON, ...SELF_CASES],
  member: [...COMMON, ...MEMBER_CASES],
};

describe("hostile: Attio answers 200 with a bad body", () => {
  isolateNetwork();
  useHostileHarness();
  const rig = useRig("cookie");

  for (const [endpoint, cases] of Object.entries(CASES) as [keyof AttioScript, typeof COMMON][]) {
    describe(`the ${endpoint} request`, () => {
      for (const [name, reply, expectation] of cases) {
        it(name, async () => {
          scriptAttio({ [endpoint]: reply });
          await hostileCase(
            `attio-body/${endpoint}: ${name}`,
            () => attempt(rig(), codeAndState()),
            expectation,
            caseOptions(["tok-123456789", "refresh-token-0123456789"]),
          );
        });
      }
    });
  }

  describe("property-based", () => {
    const STATUS = fc.constantFrom(200, 200, 200, 201, 204, 400, 401, 403, 404, 429, 500, 503);
    const outcomes: readonly OutcomeKind[] = ["success", "failure", "error"];

    for (const endpoint of ["token", "self", "member"] as const) {
      it(`survives arbitrary JSON from the ${endpoint} request`, () =>
        fc.assert(
          fc.asyncProperty(fc.jsonValue(), STATUS, async (json, status) => {
            resetSeen();
            scriptAttio({ [endpoint]: { status, json } });
            await hostileCase(
              `attio-property/${endpoint}: ${status} ${JSON.stringify(json).slice(0, 120)}`,
              () => attempt(rig(), codeAndState()),
              { kinds: outcomes },
              caseOptions(),
            );
          }),
          { numRuns: 40, seed: 7 + endpoint.length },
        ));
    }

    const SELF_FIELDS = Object.keys(selfBody());
    it("survives any one /v2/self field replaced by arbitrary JSON, and signs in only with a valid answer", () =>
      fc.assert(
        fc.asyncProperty(fc.constantFrom(...SELF_FIELDS), fc.jsonValue(), async (field, value) => {
          resetSeen();
          const body = selfBody({ [field]: value });
          scriptAttio({ self: { status: 200, json: body } });
          const outcome = await hostileCase(
            `attio-property/self.${field} = ${JSON.stringify(value).slice(0, 120)}`,
            () => attempt(rig(), codeAndState()),
            { kinds: outcomes },
            caseOptions(),
          );
          if (outcome.kind === "success") {
            expect(body["active"], "signed in with an inactive token").to.equal(true);
            expect(body["workspace_id"], "signed in without a workspace").to.be.a("string").and.not.equal("");
          }
        }),
        { numRuns: 60, seed: 11 },
      ));

    it("survives any one member field replaced by arbitrary JSON", () =>
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom("id", "first_name", "last_name", "avatar_url", "email_address", "created_at", "access_level"),
          fc.jsonValue(),
          async (field, value) => {
            resetSeen();
            scriptAttio({ member: { status: 200, json: memberBody({ [field]: value }) } });
            const outcome = await hostileCase(
              `attio-property/member.${field} = ${JSON.stringify(value).slice(0, 120)}`,
              () => attempt(rig(), codeAndState()),
              { kinds: outcomes },
              caseOptions(),
            );
            if (outcome.kind === "success") expect((outcome.body["user"] as { id: string }).id).to.equal(MEMBER_ID);
          },
        ),
        { numRuns: 40, seed: 13 },
      ));
  });
});
