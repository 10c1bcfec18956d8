/**
 * Hostile Attio, on the wire (a real server on 127.0.0.1): answers that stall,
 * drip, break off, reset the connection or stream past the size cap, on each
 * endpoint a login touches, and endpoints nobody listens on. Every login ends
 * within the strategy's timeout, in a typed error.
 */
import { isolateNetwork } from "../helpers/attio";
import { Endpoint, Fault, FaultServer, startFaultServer } from "../helpers/fault-server";
import { CaseExpectation, hostileCase, useHostileHarness } from "../helpers/hostile";
import { attempt, caseOptions, codeAndState, HOSTILE_TIMEOUT_MS, startRig, useRig } from "../helpers/hostile-rig";
import { closedPort } from "../helpers/server";

const EXPECTED: Readonly<Record<Fault, CaseExpectation>> = {
  slow: { kinds: ["success"] },
  stall: { kinds: ["error"], code: "ATTIO_TIMEOUT", message: new RegExp(`did not answer within \\d+ ms`) },
  "stall-body": { kinds: ["error"], code: "ATTIO_TIMEOUT" },
  drip: { kinds: ["error"], code: "ATTIO_TIMEOUT" },
  reset: { kinds: ["error"], code: "ATTIO_NETWORK_ERROR", message: /^Could not reach Attio's/ },
  "reset-mid-body": { kinds: ["error"], code: "ATTIO_NETWORK_ERROR" },
  "short-body": { kinds: ["error"], code: "ATTIO_NETWORK_ERROR" },
  "huge-chunked": { kinds: ["error"], code: "ATTIO_RESPONSE_TOO_LARGE" },
  "huge-declared": { kinds: ["error"], code: "ATTIO_RESPONSE_TOO_LARGE" },
  "gzip-bomb": { kinds: ["error"], code: "ATTIO_RESPONSE_TOO_LARGE" },
};

describe("hostile: Attio on the wire", () => {
  isolateNetwork();
  useHostileHarness();
  let fault: FaultServer;
  before(async () => (fault = await startFaultServer()));
  after(() => fault.close());
  const rig = useRig("cookie", () => ({ tokenURL: `${fault.origin}/oauth/token`, apiURL: fault.origin }));
  beforeEach(() => (fault.tokenBodies.length = 0));

  /** The verifiers, codes and client secret the fake Attio received, for the leak check. */
  const received = () =>
    fault.tokenBodies.flatMap((body) => ["code", "code_verifier", "client_secret"].map((key) => new URLSearchParams(body).get(key) ?? ""));

  for (const endpoint of ["token", "self", "member"] as const satisfies readonly Endpoint[]) {
    for (const kind of Object.keys(EXPECTED) as Fault[]) {
      it(`the ${endpoint} request: ${kind}`, async () => {
        fault.script = { [endpoint]: kind };
        await hostileCase(`wire/${endpoint}: ${kind}`, () => attempt(rig(), codeAndState()), EXPECTED[kind], caseOptions(received));
      });
    }
  }

  for (const target of ["token", "api"] as const) {
    it(`the ${target} endpoint refusing connections`, async () => {
      const port = await closedPort();
      const nowhere = `http://127.0.0.1:${port}`;
      const urls =
        target === "token"
          ? { tokenURL: `${nowhere}/oauth/token`, apiURL: fault.origin }
          : { tokenURL: `${fault.origin}/oauth/token`, apiURL: nowhere };
      const refused = await startRig("session", { ...urls, timeout: HOSTILE_TIMEOUT_MS });
      try {
        fault.script = {};
        await hostileCase(
          `wire/${target}: connection refused`,
          () => attempt(refused, codeAndState()),
          { kinds: ["error"], code: "ATTIO_NETWORK_ERROR", message: /ECONNREFUSED/ },
          caseOptions(received),
        );
      } finally {
        await refused.close();
      }
    });
  }
});
