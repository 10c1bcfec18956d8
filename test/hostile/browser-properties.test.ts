/**
 * Property-based hostile input from the browser (fast-check, fixed seeds):
 * arbitrary callback queries and form bodies on both stores, and arbitrary or
 * mutated state cookies on the cookie store. Whatever arrives, the outcome is a
 * success, a clean failure, a typed error, a fresh login or a refusal by the
 * HTTP layer; and no login ever succeeds without the real state and its cookie.
 */
import { expect } from "chai";
import fc from "fast-check";
import { isolateNetwork } from "../helpers/attio";
import { scriptAttio } from "../helpers/attio-script";
import type { Browser } from "../helpers/browser";
import { AUTH_CODE } from "../../harness/fixtures";
import { CaseExpectation, hostileCase, OutcomeKind, useHostileHarness } from "../helpers/hostile";
import { begin, caseOptions, newBrowser, observe, Rig, RIG_KINDS, useRig } from "../helpers/hostile-rig";

const CLEAN: readonly OutcomeKind[] = ["success", "failure", "error", "redirect", "rejected"];
const SEED = 20240601;

/** Percent-encodes every byte of the UTF-8 form (lone surrogates become U+FFFD), as no browser would refuse to. */
function pct(text: string): string {
  return [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
}

const KEYS = ["code", "state", "error", "error_description", "error_uri", "code[]", "state[a]", "foo", "__proto__"] as const;
const VALUE = fc.oneof(
  { weight: 4, arbitrary: fc.constant("$STATE") },
  { weight: 4, arbitrary: fc.constant("$CODE") },
  { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.string({ minLength: 1025, maxLength: 2500 }) },
  { weight: 2, arbitrary: fc.constantFrom("access_denied", "invalid_request", "server_error", "temporarily_unavailable") },
);
/** Key/value pairs, and stray percent-encoding garbage tacked on the end. */
const CALLBACK_PARAMS = fc.record({
  pairs: fc.array(fc.tuple(fc.constantFrom(...KEYS), VALUE), { maxLength: 6 }),
  tail: fc.stringMatching(/^(%[0-9A-Fa-f]{2}|%|%[0-9A-Fa-f]|[a-z=&+;])*$/, { maxLength: 12 }),
});

/**
 * The real code goes only where a code belongs: a browser that puts it in
 * `error_description` has published it itself, and seeing it echoed is no leak.
 */
function substitute(key: string, value: string, state: string): string {
  if (value === "$STATE") return state;
  if (value === "$CODE") return key.startsWith("code") ? AUTH_CODE : "not-the-code";
  return value;
}

function encodeParams({ pairs, tail }: { pairs: readonly (readonly [string, string])[]; tail: string }, state: string): string {
  const encoded = pairs.map(([key, value]) => `${pct(key)}=${pct(substitute(key, value, state))}`);
  return [...encoded, tail].filter(Boolean).join("&");
}

/** A success must have come from the real state. */
function onlyWithRealState(encoded: string, state: string): (kind: OutcomeKind) => void {
  return (kind) => {
    if (kind === "success") expect(encoded, "a login succeeded without the real state").to.include(`=${pct(state)}`);
  };
}

describe("hostile: the browser, property-based", () => {
  isolateNetwork();
  useHostileHarness();
  beforeEach(() => scriptAttio({}, true));

  /** The callback as a query string (GET) or as a form_post body. */
  const DELIVERIES = [
    {
      name: "callback queries",
      runs: 100,
      send: (browser: Browser, rig: Rig, params: string) => browser.get(rig.server, `/auth/attio/callback?${params}`),
    },
    {
      name: "form_post bodies",
      runs: 50,
      send: (browser: Browser, rig: Rig, params: string) => browser.post(rig.server, "/auth/attio/callback", params),
    },
  ] as const;

  for (const kind of RIG_KINDS) {
    describe(`${kind} store`, () => {
      const rig = useRig(kind);
      for (const [index, { name, runs, send }] of DELIVERIES.entries()) {
        it(`survives arbitrary ${name}`, () =>
          fc.assert(
            fc.asyncProperty(CALLBACK_PARAMS, async (generated) => {
              const browser = newBrowser();
              const state = await begin(browser, rig());
              const params = encodeParams(generated, state);
              const outcome = await hostileCase(
                `browser-property/${kind} ${name}: ${params.slice(0, 200)}`,
                () => observe(() => send(browser, rig(), params)),
                { kinds: CLEAN },
                caseOptions(),
              );
              onlyWithRealState(params, state)(outcome.kind);
            }),
            { numRuns: runs, seed: SEED + index },
          ));
      }
    });
  }

  describe("cookie store: the state cookie", () => {
    const cookieApp = useRig("cookie");
    let rig: Rig;
    beforeEach(() => (rig = cookieApp()));

    const COOKIE_TEXT = fc.stringMatching(/^[\x21-\x2b\x2d-\x3a\x3c-\x7e]*$/, { maxLength: 80 });
    const MUTATION = fc.record({
      how: fc.constantFrom("flip", "truncate", "append", "insert", "replace", "foreign-name"),
      at: fc.nat(),
      text: COOKIE_TEXT,
    });

    function mutate(value: string, { how, at, text }: { how: string; at: number; text: string }): string {
      const i = value.length === 0 ? 0 : at % value.length;
      if (how === "flip")
        return value.slice(0, i) + String.fromCharCode(((value.charCodeAt(i) - 0x21 + 1) % 94) + 0x21) + value.slice(i + 1);
      if (how === "truncate") return value.slice(0, i);
      if (how === "append") return value + text;
      if (how === "insert") return value.slice(0, i) + text + value.slice(i);
      return text;
    }

    it("refuses every altered state cookie", () =>
      fc.assert(
        fc.asyncProperty(MUTATION, async (mutation) => {
          const browser = newBrowser();
          const state = await begin(browser, rig);
          const [cookie] = browser.cookies();
          const name = mutation.how === "foreign-name" ? `attio_state.${"Q".repeat(22)}` : (cookie?.name ?? "");
          const value = mutate(cookie?.value ?? "", mutation);
          const unchanged = name === cookie?.name && value === cookie.value;
          const expectation: CaseExpectation = { kinds: unchanged ? ["success"] : ["failure"] };
          await hostileCase(
            `cookie-property: ${mutation.how} at ${mutation.at}`,
            () =>
              observe(() =>
                browser.get(rig.server, `/auth/attio/callback?code=${AUTH_CODE}&state=${encodeURIComponent(state)}`, {
                  cookie: `${name}=${value}`,
                }),
              ),
            expectation,
            caseOptions(),
          );
        }),
        { numRuns: 100, seed: SEED + 2 },
      ));

    it("refuses arbitrary Cookie headers", () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.oneof(COOKIE_TEXT, fc.constant("attio_state.")), COOKIE_TEXT), { maxLength: 5 }),
          async (pairs) => {
            const browser = newBrowser();
            const state = await begin(browser, rig);
            const header = pairs.map(([name, value]) => `${name}=${value}`).join("; ");
            await hostileCase(
              `cookie-property: Cookie: ${header.slice(0, 200)}`,
              () =>
                observe(() =>
                  browser.get(rig.server, `/auth/attio/callback?code=${AUTH_CODE}&state=${encodeURIComponent(state)}`, {
                    cookie: header || "x=y",
                  }),
                ),
              { kinds: ["failure"] },
              caseOptions(),
            );
          },
        ),
        { numRuns: 100, seed: SEED + 3 },
      ));
  });
});
