/**
 * Hostile Attio echoing our own request back: the client secret, a refresh token
 * or the authorization code, of every character class, in every encoding and in
 * part, in each place a remote text reaches an error (an OAuth error's
 * description, code and URI; Attio's error body; a body that is not JSON).
 * Nothing of a secret may reach a message, `err.attio`, a cause or `util.inspect(err)`.
 */
import { expect } from "chai";
import fc from "fast-check";
import { refreshAccessToken } from "../../src";
import { isolateNetwork } from "../helpers/attio";
import { resetSeen, ScriptedReply, scriptAttio } from "../helpers/attio-script";
import { hostileCase, useHostileHarness } from "../helpers/hostile";
import { attempt, caseOptions, codeAndState, observeCall, useRig } from "../helpers/hostile-rig";
import { ECHOES, echoName, FIXED_SECRET_OF_EVERY_CLASS, secretOfEveryClass } from "../helpers/hostile-secrets";
import { testStrategy } from "../../harness/strategy";

/** Where the token endpoint puts the echo, and the error that must come of it. */
const PLACES: Readonly<Record<string, { reply: (echo: string) => ScriptedReply; code: RegExp }>> = {
  "an OAuth error_description": {
    reply: (echo) => ({ status: 400, json: { error: "invalid_client", error_description: `Rejected: ${echo} (see logs)` } }),
    code: /^invalid_client$/,
  },
  "an OAuth error code": { reply: (echo) => ({ status: 400, json: { error: echo } }), code: /.*/ },
  "an OAuth error_uri": {
    reply: (echo) => ({ status: 400, json: { error: "invalid_request", error_uri: `https://attio.example/e?q=${echo}` } }),
    code: /^invalid_request$/,
  },
  "Attio's error body": {
    reply: (echo) => ({ status: 500, json: { status_code: 500, type: "api_error", code: "internal", message: `Failed on ${echo}` } }),
    code: /^ATTIO_HTTP_ERROR$/,
  },
  "a 200 body that is not JSON": {
    reply: (echo) => ({ status: 200, raw: `${echo}<html>`, headers: { "content-type": "text/html" } }),
    code: /^ATTIO_RESPONSE_NOT_JSON$/,
  },
  "a 401 body that is not JSON": {
    reply: (echo) => ({ status: 401, raw: echo, headers: { "content-type": "text/plain" } }),
    code: /^ATTIO_HTTP_ERROR$/,
  },
};
const placeName = fc.constantFrom(...Object.keys(PLACES));
/** Nothing here stalls: a timeout far from the case deadline's margin keeps a loaded machine from turning an echo into a timeout. */
const TIMEOUT_MS = 2000;

describe("hostile: Attio echoing a secret back", function () {
  // Over a thousand generated cases: bounded, but past mocha's default per test.
  this.timeout(120_000);
  isolateNetwork();
  useHostileHarness();

  describe("refreshAccessToken, with a client secret and a refresh token of every character class", () => {
    it("keeps every echo of either, in every encoding and in part, out of the error", () =>
      fc.assert(
        fc.asyncProperty(
          secretOfEveryClass,
          secretOfEveryClass,
          fc.boolean(),
          echoName,
          placeName,
          async (secret, refresh, echoSecret, echo, place) => {
            resetSeen();
            const echoed = ECHOES[echo]?.(echoSecret ? secret : refresh) ?? "";
            scriptAttio({ token: PLACES[place]?.reply(echoed) });
            const strategy = testStrategy({ clientSecret: secret, timeout: TIMEOUT_MS });
            await hostileCase(
              `echo/refresh: ${echoSecret ? "client secret" : "refresh token"} ${echo} in ${place}`,
              () => observeCall(() => refreshAccessToken(strategy, refresh)),
              { kinds: ["error"], code: PLACES[place]?.code ?? /.*/ },
              caseOptions([secret, refresh]),
            );
          },
        ),
        { numRuns: 1200, seed: 1010 },
      ));
  });

  describe("a sign-in, with a client secret and codes of every character class", () => {
    const rig = useRig("cookie", () => ({ clientSecret: FIXED_SECRET_OF_EVERY_CLASS, timeout: TIMEOUT_MS }));

    it("keeps every echo of the request (secret, code, verifier) out of the page", () =>
      fc.assert(
        fc.asyncProperty(
          secretOfEveryClass,
          echoName,
          placeName,
          fc.constantFrom("client_secret", "code", "code_verifier"),
          async (code, echo, place, field) => {
            resetSeen();
            scriptAttio({
              token: (seen) =>
                PLACES[place]?.reply(ECHOES[echo]?.(new URLSearchParams(seen.body).get(field) ?? "") ?? "") ?? { status: 500 },
            });
            await hostileCase(
              `echo/sign-in: ${field} ${echo} in ${place}`,
              () => attempt(rig(), codeAndState(code)),
              { kinds: ["error"] },
              caseOptions([FIXED_SECRET_OF_EVERY_CLASS, code]),
            );
          },
        ),
        { numRuns: 250, seed: 1011 },
      ));

    it("withholds the whole text of an echo of the form body", async () => {
      scriptAttio({ token: (seen) => ({ status: 400, json: { error: "invalid_request", error_description: `Bad body: ${seen.body}` } }) });
      const outcome = await hostileCase(
        "echo/sign-in: the whole form body",
        () => attempt(rig(), codeAndState("code with + / = ~ ! % & \" ' ü")),
        { kinds: ["error"], code: "invalid_request" },
        caseOptions([FIXED_SECRET_OF_EVERY_CLASS]),
      );
      expect(outcome).to.include({ message: "[text withheld: it quoted a credential]" });
    });

    for (const clientID of ["a", "ab", "abc"]) {
      it(`keeps the secret out of an echoed Basic header, at any byte offset (client id "${clientID}")`, async () => {
        const basic = Buffer.from(`${clientID}:${FIXED_SECRET_OF_EVERY_CLASS}`).toString("base64");
        scriptAttio({ token: { status: 400, json: { error: "invalid_client", error_description: `Bad header: Basic ${basic}` } } });
        await hostileCase(
          `echo/sign-in: a Basic header, client id ${clientID}`,
          () => attempt(rig(), codeAndState("a-code-of-twenty-chars")),
          { kinds: ["error"], code: "invalid_client" },
          caseOptions([FIXED_SECRET_OF_EVERY_CLASS, basic.slice(8, -4)]),
        );
      });
    }
  });
});
