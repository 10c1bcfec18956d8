/**
 * Hostile input to AttioConnections and revokeAccessToken: stored records that
 * were tampered with, truncated, copied or sealed with an unknown key; stores
 * that throw, hang or return garbage; and the revoke endpoint answering with
 * every status. Each ends in a typed error (or the right token), never a crash,
 * a hang, another connection's token, or a secret in a message.
 */
import { expect } from "chai";
import fc from "fast-check";
import nock from "nock";
import { AttioConnections, revokeAccessToken } from "../../src";
import type { AttioConnectionStore } from "../../src";
import { APP_ORIGIN, isolateNetwork } from "../helpers/attio";
import { scriptAttio } from "../helpers/attio-script";
import { ACCESS_TOKEN } from "../../harness/fixtures";
import { CaseExpectation, hostileCase, useHostileHarness } from "../helpers/hostile";
import { caseOptions, HOSTILE_TIMEOUT_MS, observeCall } from "../helpers/hostile-rig";
import { testStrategy } from "../../harness/strategy";

const SECRET = "hostile-connections-secret-0123456789abc";
const OTHER_SECRET = "another-apps-secret-0123456789abcdef0123";
const OTHER_TOKEN = "another-connections-token-0123456789";
const REFRESH_TOKEN = "refresh-token-for-hostile-0123456789";
const KEY = "attio-connection:victim";
const strategy = testStrategy({ timeout: HOSTILE_TIMEOUT_MS });
const typed = (code: string, problem?: string): CaseExpectation & { problem?: string } => ({
  kinds: ["error"],
  code,
  ...(problem ? { problem } : {}),
});
const secrets = [ACCESS_TOKEN, OTHER_TOKEN, REFRESH_TOKEN, SECRET, OTHER_SECRET];

/** A store holding a good record for "victim" and one for "other", sealed with SECRET. */
async function sealedStore(): Promise<Map<string, string>> {
  const store = new Map<string, string>();
  const connections = new AttioConnections({ strategy, secret: SECRET, store });
  await connections.save("victim", { accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN });
  await connections.save("other", { accessToken: OTHER_TOKEN });
  return store;
}

async function sealedWithOtherKey(): Promise<string> {
  const store = new Map<string, string>();
  await new AttioConnections({ strategy, secret: OTHER_SECRET, store }).save("victim", { accessToken: ACCESS_TOKEN });
  return store.get(KEY) ?? "";
}

function flip(text: string, at: number): string {
  const char = text[at] === "A" ? "B" : "A";
  return text.slice(0, at) + char + text.slice(at + 1);
}

describe("hostile: connections", () => {
  isolateNetwork();
  useHostileHarness();

  describe("stored records that do not open", () => {
    const CASES: readonly [string, (good: string, store: Map<string, string>) => string | Promise<string>, string][] = [
      ["one character changed in the ciphertext", (good) => flip(good, good.length - 20), "tampered"],
      ["one character changed in the nonce", (good) => flip(good, good.lastIndexOf(".") + 3), "tampered"],
      ["the length in the header changed", (good) => good.replace(/\.(\d+)\./, (_, n: string) => `.${Number(n) - 1}.`), "tampered"],
      ["the last 10 characters cut", (good) => good.slice(0, -10), "truncated"],
      ["cut in half", (good) => good.slice(0, good.length / 2), "truncated"],
      ["only the prefix left", () => "ac1.", "truncated"],
      ["copied from another connection", (_good, store) => store.get("attio-connection:other") ?? "", "copied"],
      ["sealed with a secret not configured", () => sealedWithOtherKey(), "unknown-key"],
      ["an empty string", () => "", "malformed"],
      ["plain JSON with the token in it", () => JSON.stringify({ accessToken: OTHER_TOKEN }), "malformed"],
      ["a megabyte of text", () => "ac1.".padEnd(1024 * 1024, "x"), "truncated"],
      ["unicode and control characters", () => "ac1.\u2603\u0000\r\n.x.1.y", "truncated"],
    ];
    for (const [name, corrupt, problem] of CASES) {
      it(name, async () => {
        const store = await sealedStore();
        store.set(KEY, await corrupt(store.get(KEY) ?? "", store));
        const connections = new AttioConnections({ strategy, secret: SECRET, store });
        for (const [call, run] of [
          ["getAccessToken", () => connections.getAccessToken("victim")],
          ["get", () => connections.get("victim")],
        ] as const) {
          const outcome = await hostileCase(
            `record: ${name}: ${call}`,
            () => observeCall(run),
            typed("ATTIO_RECORD_UNREADABLE"),
            caseOptions(secrets),
          );
          expect(outcome.kind === "error" && outcome.message, name).to.include(
            {
              "unknown-key": "not among the configured",
              tampered: "altered",
              copied: "copied",
              truncated: "cut short",
              malformed: "not a connection record",
            }[problem] ?? "?",
          );
        }
      });
    }

    it("any change to a record gives a typed error or the same token, never another connection's", async () => {
      const store = await sealedStore();
      const good = store.get(KEY) ?? "";
      scriptAttio({}, true);
      const connections = new AttioConnections({ strategy, secret: SECRET, store });
      await fc.assert(
        fc.asyncProperty(fc.nat(good.length - 1), fc.string({ minLength: 0, maxLength: 3 }), fc.nat(4), async (at, insert, cut) => {
          store.set(KEY, good.slice(0, at) + insert + good.slice(at + cut));
          const outcome = await hostileCase(
            "record: random change",
            () => observeCall(() => connections.getAccessToken("victim")),
            { kinds: ["error", "success"] },
            caseOptions(secrets),
          );
          // The clear header is only a hint for the error message: an edit there may still open, to the same token.
          if (outcome.kind === "error") expect(outcome.code).to.equal("ATTIO_RECORD_UNREADABLE");
          else expect(outcome.kind === "success" && outcome.body["value"]).to.equal(ACCESS_TOKEN);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe("stores that misbehave", () => {
    const hang = () => new Promise<never>(() => undefined);
    // A store sees keys and sealed values only; its errors may quote those.
    const failing = (message: string) => (key: string) => Promise.reject(new Error(`${message} ${key}`));
    const CASES: readonly [string, Partial<AttioConnectionStore>, "save" | "get" | "getAccessToken" | "disconnect", CaseExpectation][] = [
      [
        "get throws",
        {
          get: () => {
            throw new Error("boom");
          },
        },
        "getAccessToken",
        typed("ATTIO_STORE_FAILED"),
      ],
      ["get rejects quoting a token", { get: failing("cannot read") }, "getAccessToken", typed("ATTIO_STORE_FAILED")],
      ["get rejects with a non-error", { get: () => Promise.reject("nope") }, "get", typed("ATTIO_STORE_FAILED")],
      ["get never settles", { get: hang }, "getAccessToken", typed("ATTIO_STORE_TIMEOUT")],
      ["get returns a number", { get: () => 42 }, "getAccessToken", typed("ATTIO_RECORD_UNREADABLE")],
      ["get returns an object", { get: () => ({ accessToken: OTHER_TOKEN }) }, "get", typed("ATTIO_RECORD_UNREADABLE")],
      ["get resolves to a Buffer", { get: async () => Buffer.from("ac1.") }, "getAccessToken", typed("ATTIO_RECORD_UNREADABLE")],
      ["get resolves to a thenable that never settles", { get: () => ({ then: () => undefined }) }, "get", typed("ATTIO_STORE_TIMEOUT")],
      [
        "set throws",
        {
          set: () => {
            throw new TypeError("read only");
          },
        },
        "save",
        typed("ATTIO_STORE_FAILED"),
      ],
      ["set never settles", { set: hang }, "save", typed("ATTIO_STORE_TIMEOUT")],
      ["delete rejects", { delete: failing("cannot delete") }, "disconnect", typed("ATTIO_STORE_FAILED")],
      ["delete never settles", { delete: hang }, "disconnect", typed("ATTIO_STORE_TIMEOUT")],
    ];
    for (const [name, broken, call, expectation] of CASES) {
      it(name, async () => {
        const map = await sealedStore();
        const store: AttioConnectionStore = {
          get: (key) => map.get(key),
          set: (key, value) => map.set(key, value),
          delete: (key) => map.delete(key),
          ...broken,
        };
        const connections = new AttioConnections({ strategy, secret: SECRET, store, storeTimeout: 100 });
        nock(APP_ORIGIN).post("/oauth/revoke").optionally().reply(204);
        const run = {
          save: () => connections.save("victim", { accessToken: ACCESS_TOKEN }),
          get: () => connections.get("victim"),
          getAccessToken: () => connections.getAccessToken("victim"),
          disconnect: () => connections.disconnect("victim"),
        }[call];
        await hostileCase(`store: ${name}`, () => observeCall(run), expectation, caseOptions(secrets));
      });
    }
  });

  describe("revokeAccessToken against every answer", () => {
    const date = new Date(Date.now() + 24 * 3600 * 1000).toUTCString();
    const CASES: readonly [string, number, Record<string, string>, string, string][] = [
      ["204 No Content", 204, {}, "", "ok"],
      ["200 with a body", 200, {}, "{}", "ATTIO_HTTP_ERROR"],
      ["201", 201, {}, "", "ATTIO_HTTP_ERROR"],
      ["301 elsewhere (not followed)", 301, { location: "https://evil.example/" }, "", "ATTIO_HTTP_ERROR"],
      ["400 quoting the token", 400, {}, JSON.stringify({ status_code: 400, message: `bad token ${ACCESS_TOKEN}` }), "ATTIO_HTTP_ERROR"],
      ["401", 401, {}, "{}", "ATTIO_HTTP_ERROR"],
      ["403", 403, {}, "{}", "ATTIO_HTTP_ERROR"],
      ["404 HTML", 404, { "content-type": "text/html" }, "<html>no</html>", "ATTIO_HTTP_ERROR"],
      ["429 with an HTTP-date", 429, { "retry-after": date }, "{}", "ATTIO_RATE_LIMITED"],
      ["429 with seconds", 429, { "retry-after": "7" }, "{}", "ATTIO_RATE_LIMITED"],
      ["429 with a garbage Retry-After", 429, { "retry-after": "soon" }, "{}", "ATTIO_RATE_LIMITED"],
      ["500 quoting the request", 500, {}, `failed on token=${ACCESS_TOKEN}`, "ATTIO_HTTP_ERROR"],
      ["502", 502, {}, "", "ATTIO_HTTP_ERROR"],
      ["503", 503, {}, "<html>down</html>", "ATTIO_HTTP_ERROR"],
    ];
    for (const [name, status, headers, body, code] of CASES) {
      it(name, async () => {
        let sent = "";
        nock(APP_ORIGIN)
          .post("/oauth/revoke", (form: Record<string, string>) => ((sent = new URLSearchParams(form).toString()), true))
          .reply(status, body, headers);
        const outcome = await hostileCase(
          `revoke: ${name}`,
          () => observeCall(() => revokeAccessToken(strategy, ACCESS_TOKEN)),
          code === "ok" ? { kinds: ["success"] } : typed(code),
          caseOptions(secrets),
        );
        expect(sent).to.equal(new URLSearchParams({ token: ACCESS_TOKEN }).toString());
        if (outcome.kind === "error") expect(outcome.message).not.to.include(ACCESS_TOKEN);
      });
    }

    it("a token with every character class a form must escape reaches Attio intact", async () => {
      const token = `t+o/k=e~n!%&; "quoted' 0123456789`;
      let received: string | undefined;
      nock(APP_ORIGIN)
        .post("/oauth/revoke", (form: Record<string, string>) => ((received = form["token"]), true))
        .reply(204);
      await hostileCase(
        "revoke: a token of + / = ~ ! % & ; space and quotes",
        () => observeCall(() => revokeAccessToken(strategy, token)),
        { kinds: ["success"] },
        caseOptions([...secrets, token]),
      );
      expect(received).to.equal(token);
    });

    it("a 429's Retry-After, as an HTTP-date or as seconds, becomes retryAfterMs", async () => {
      const DAY_MS = 24 * 3600 * 1000;
      // A day ahead, so that a slow run cannot overtake it.
      const tomorrow = new Date(Date.now() + DAY_MS);
      nock(APP_ORIGIN).post("/oauth/revoke").reply(429, "{}", { "retry-after": tomorrow.toUTCString() });
      nock(APP_ORIGIN).post("/oauth/revoke").reply(429, "{}", { "retry-after": "7" });
      const [byDate, bySeconds] = [
        await revokeAccessToken(strategy, ACCESS_TOKEN).catch((err: unknown) => err as { retryAfterMs?: number; status?: number }),
        await revokeAccessToken(strategy, ACCESS_TOKEN).catch((err: unknown) => err as { retryAfterMs?: number; status?: number }),
      ];
      expect(byDate?.retryAfterMs).to.be.within(DAY_MS - 60_000, DAY_MS);
      expect(bySeconds).to.include({ retryAfterMs: 7000, status: 429 });
    });

    it("an endpoint that never answers: ATTIO_TIMEOUT", async () => {
      nock(APP_ORIGIN)
        .post("/oauth/revoke")
        .delay(HOSTILE_TIMEOUT_MS * 4)
        .reply(204);
      await hostileCase(
        "revoke: no answer",
        () => observeCall(() => revokeAccessToken(strategy, ACCESS_TOKEN)),
        typed("ATTIO_TIMEOUT"),
        caseOptions(secrets),
      );
    });

    it("a body larger than the cap: ATTIO_RESPONSE_TOO_LARGE", async () => {
      nock(APP_ORIGIN)
        .post("/oauth/revoke")
        .reply(400, "x".repeat(2 * 1024 * 1024));
      await hostileCase(
        "revoke: huge body",
        () => observeCall(() => revokeAccessToken(strategy, ACCESS_TOKEN)),
        typed("ATTIO_RESPONSE_TOO_LARGE"),
        caseOptions(secrets),
      );
    });

    for (const [name, token] of [
      ["an empty token", ""],
      ["a token with CR LF", `${ACCESS_TOKEN}\r\nX: y`],
      ["a token with a snowman", `${ACCESS_TOKEN}\u2603`],
    ] as const) {
      it(`${name}: refused before anything is sent`, async () => {
        await hostileCase(
          `revoke: ${name}`,
          () => observeCall(() => revokeAccessToken(strategy, token)),
          typed("ATTIO_INVALID_TOKEN"),
          caseOptions([...secrets, token]),
        );
      });
    }

    it("disconnect when the revoke fails: the record still goes, and the error says the token may be live", async () => {
      const store = await sealedStore();
      const connections = new AttioConnections({ strategy, secret: SECRET, store });
      nock(APP_ORIGIN).post("/oauth/revoke").reply(503, "down");
      const outcome = await hostileCase(
        "disconnect: revoke answers 503",
        () => observeCall(() => connections.disconnect("victim")),
        typed("ATTIO_REVOKE_FAILED"),
        caseOptions(secrets),
      );
      expect(outcome.kind === "error" && outcome.message).to.include("may still be live");
      expect(store.has(KEY)).to.equal(false);
      expect(await connections.get("victim")).to.equal(null);
      await connections.disconnect("victim");
    });
  });
});
