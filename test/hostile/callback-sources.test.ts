/**
 * Every callback source passport-oauth2 reads (`req.query.x || req.body.x`), each
 * parameter empty, oversized, repeated, nested or fine, in the query, the body
 * or both (fast-check, fixed seed): the state store only ever sees one short,
 * non-empty string, and the outcome is a clean failure, a typed error or a
 * fresh login.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { AttioStateStore } from "../../src";
import { isolateNetwork } from "../helpers/attio";
import { authApp } from "../helpers/auth-app";
import { hostileCase, useHostileHarness } from "../helpers/hostile";
import { caseOptions, newBrowser, observe } from "../helpers/hostile-rig";
import { listen, Listening } from "../../harness/server";
import { testStrategy } from "../../harness/strategy";

/** A store that records what it is asked to verify, and refuses it. */
const seenStates: unknown[] = [];
const recordingStore: AttioStateStore = {
  store: (_req, _verifier, _state, _meta, callback) => callback(null, "handle-0123456789abcdef"),
  verify: (_req, providedState, callback) => {
    seenStates.push(providedState);
    callback(null, false, { message: "No such sign-in." });
  },
};

const PARAMS = ["code", "state", "error", "error_description", "error_uri", "iss"] as const;
/** One parameter's appearance in one source: as `name=value` pairs (none, one, or several). */
const APPEARANCE = fc.oneof(
  fc.constant<string[]>([]),
  fc.constant([""]),
  fc.string({ maxLength: 30 }).map((value) => [value]),
  // Past every cap (2 KiB at most), yet six of them stay under Node's 16 KB header limit.
  fc.integer({ min: 2100, max: 2400 }).map((length) => ["x".repeat(length)]),
  fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => [a, b]),
  fc.constant(["$nested"]),
);
const SOURCE = fc.record(
  Object.fromEntries(PARAMS.map((name) => [name, APPEARANCE])) as Record<(typeof PARAMS)[number], typeof APPEARANCE>,
);

function encode(source: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(source)
    .flatMap(([name, values]) => values.map((value) => (value === "$nested" ? `${name}[$ne]=x` : `${name}=${encodeURIComponent(value)}`)))
    .join("&");
}

describe("hostile: every callback source", function () {
  this.timeout(60_000);
  isolateNetwork();
  useHostileHarness();
  let app: Listening;
  before(async () => (app = await listen(authApp(testStrategy({ store: recordingStore }), { extendedQuery: true, bodyLimit: "2mb" }))));
  after(() => app.close());

  it("lets the store see only one short, non-empty string", () =>
    fc.assert(
      fc.asyncProperty(SOURCE, SOURCE, fc.boolean(), async (query, body, post) => {
        seenStates.length = 0;
        const search = encode(query);
        const form = encode(body);
        await hostileCase(
          `callback-source: ${post ? "POST" : "GET"} ?${search.slice(0, 80)} body ${form.slice(0, 80)}`,
          () =>
            observe(() =>
              post
                ? newBrowser().post(app.server, `/auth/attio/callback?${search}`, form)
                : newBrowser().get(app.server, `/auth/attio/callback?${search}`),
            ),
          { kinds: ["failure", "error", "redirect", "rejected"] },
          caseOptions(),
        );
        for (const state of seenStates) expect(state).to.be.a("string").with.length.within(1, 1024);
      }),
      { numRuns: 500, seed: 4242 },
    ));
});
