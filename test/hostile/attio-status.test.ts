/**
 * Hostile Attio, by status: each endpoint a login touches (token exchange,
 * /v2/self, the member request) answering every error status with every kind of
 * body, including bodies that echo back the secrets the request carried.
 */
import { isolateNetwork } from "../helpers/attio";
import { AttioScript, ScriptedReply, scriptAttio, SeenRequest } from "../helpers/attio-script";
import { CaseExpectation, hostileCase, useHostileHarness } from "../helpers/hostile";
import { attempt, caseOptions, codeAndState, useRig } from "../helpers/hostile-rig";

type Endpoint = keyof AttioScript;
const ENDPOINTS: readonly Endpoint[] = ["token", "self", "member"];

/**
 * 429s whose Retry-After lies past the 500 ms budget: refused at once, not retried. The date is
 * taken when this file loads, so it lies a day ahead: a long, loaded run must not overtake it.
 */
const STATUSES: readonly { status: number; label: string; headers?: Record<string, string> }[] = [
  { status: 400, label: "400" },
  { status: 401, label: "401" },
  { status: 403, label: "403" },
  { status: 404, label: "404" },
  {
    status: 429,
    label: "429 with Retry-After as an HTTP-date",
    headers: { "retry-after": new Date(Date.now() + 86_400_000).toUTCString() },
  },
  { status: 429, label: "429 with Retry-After in seconds", headers: { "retry-after": "30" } },
  { status: 429, label: "429 without Retry-After" },
  { status: 500, label: "500" },
  { status: 502, label: "502" },
  { status: 503, label: "503" },
];

type BodyKind = "attio error" | "oauth error" | "html" | "empty" | "invalid json";
const BODIES: Readonly<Record<BodyKind, (status: number) => Pick<ScriptedReply, "json" | "raw" | "headers">>> = {
  "attio error": (status) => ({
    json: { status_code: status, type: "invalid_request_error", code: "some_code", message: `Attio says ${status}.` },
  }),
  "oauth error": () => ({ json: { error: "invalid_grant", error_description: "The code has expired." } }),
  html: (status) => ({
    raw: `<!doctype html><html><body><h1>${status}</h1><p>Upstream error</p></body></html>`,
    headers: { "content-type": "text/html" },
  }),
  empty: () => ({ raw: "" }),
  "invalid json": () => ({ raw: '{"status_code": 500, "message": "trunc', headers: { "content-type": "application/json" } }),
};

/** What a login ends in when `endpoint` answers `status` with a body of `body` kind. */
function expected(endpoint: Endpoint, status: number, body: BodyKind): CaseExpectation {
  // invalid_grant with RFC 6749's 400 is a spent or expired code: the person signs in again. Any other status is a fault.
  if (endpoint === "token" && body === "oauth error" && status === 400)
    return { kinds: ["failure"], message: /^Attio did not accept this sign-in response: it was already used, or it expired\./ };
  if (endpoint === "token" && body === "oauth error")
    return { kinds: ["error"], code: "invalid_grant", message: /^The code has expired\.$/ };
  if (endpoint === "self" && status === 401) return { kinds: ["failure"], message: /inactive/ };
  if (endpoint === "member" && (status === 403 || status === 404)) return { kinds: ["success"] };
  const where = { token: "token endpoint", self: "\\/v2\\/self endpoint", member: "workspace member endpoint" }[endpoint];
  if (status === 429)
    return { kinds: ["error"], code: "ATTIO_RATE_LIMITED", message: new RegExp(`^Attio's ${where} is rate limiting requests`) };
  return { kinds: ["error"], code: "ATTIO_HTTP_ERROR", message: new RegExp(`^Attio's ${where} answered HTTP ${status}`) };
}

/** Error bodies that quote the request back: its form (client secret, code, verifier) and its Authorization header. */
const ECHOES: readonly { name: string; reply: (seen: SeenRequest) => Pick<ScriptedReply, "json" | "raw" | "headers"> }[] = [
  {
    name: "an Attio error quoting the request",
    reply: (seen) => ({
      json: {
        status_code: 400,
        type: "invalid_request_error",
        code: "bad",
        message: `Rejected ${seen.body} with ${seen.headers["authorization"]}`,
      },
    }),
  },
  {
    name: "an OAuth error quoting the request",
    reply: (seen) => ({
      json: {
        error: `bad_${seen.body}`,
        error_description: `Rejected ${seen.body} ${seen.headers["authorization"]}`,
        error_uri: `https://attio.com/e?${seen.body}`,
      },
    }),
  },
  {
    name: "an HTML page quoting the request",
    reply: (seen) => ({ raw: `<html>${seen.body} ${seen.headers["authorization"]}</html>`, headers: { "content-type": "text/html" } }),
  },
  {
    name: "a rate limit quoting the request",
    reply: (seen) => ({
      json: {
        status_code: 429,
        type: "rate_limit_error",
        code: "rate_limited",
        message: `Slow down ${seen.body} ${seen.headers["authorization"]}`,
      },
      headers: { "retry-after": "60" },
    }),
  },
];

describe("hostile: Attio answers with an error status", () => {
  isolateNetwork();
  useHostileHarness();
  const rig = useRig("cookie");

  for (const endpoint of ENDPOINTS) {
    describe(`the ${endpoint} request`, () => {
      for (const { status, label, headers } of STATUSES) {
        for (const body of Object.keys(BODIES) as BodyKind[]) {
          if (body === "oauth error" && endpoint !== "token") continue;
          it(`${label}, ${body} body`, async () => {
            const shape = BODIES[body](status);
            scriptAttio({ [endpoint]: { status, ...shape, headers: { ...shape.headers, ...headers } } });
            await hostileCase(
              `attio/${endpoint}: ${label}, ${body}`,
              () => attempt(rig(), codeAndState()),
              expected(endpoint, status, body),
              caseOptions(),
            );
          });
        }
      }

      for (const { name, reply } of ECHOES) {
        for (const status of [400, 429, 500]) {
          it(`${status} with ${name}`, async () => {
            scriptAttio({ [endpoint]: (seen: SeenRequest) => ({ status, ...reply(seen) }) });
            const expectation: CaseExpectation =
              endpoint === "member" && status === 429
                ? { kinds: ["error"], code: "ATTIO_RATE_LIMITED" }
                : { kinds: endpoint === "member" ? ["error", "success"] : ["error", "failure"] };
            await hostileCase(
              `attio/${endpoint}: ${status} with ${name}`,
              () => attempt(rig(), codeAndState()),
              expectation,
              caseOptions(),
            );
          });
        }
      }
    });
  }
});
