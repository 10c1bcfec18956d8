/**
 * Hostile Attio, on the wire (the Attio sandbox on 127.0.0.1, misbehaving on
 * cue): answers that stall, drip, break off, reset the connection or stream past
 * the size cap, on each endpoint a login touches, and endpoints nobody listens
 * on. Every login ends within the strategy's timeout, in a typed error.
 */
import { AttioSandbox, SandboxFault, startAttioSandbox } from "../../src/testing";
import { approvedAt } from "../helpers/app";
import { isolateNetwork } from "../helpers/attio";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../../harness/fixtures";
import { CaseExpectation, hostileCase, useHostileHarness } from "../helpers/hostile";
import { caseOptions, HOSTILE_TIMEOUT_MS, newBrowser, observe, Rig, startRig, useRig } from "../helpers/hostile-rig";
import { closedPort } from "../../harness/server";

/** Each misbehaviour, the sandbox fault that plays it, and how the login must end. */
const FAULTS: Readonly<Record<string, { readonly fault: SandboxFault; readonly expected: CaseExpectation }>> = {
  slow: { fault: { delayMs: 100 }, expected: { kinds: ["success"] } },
  stall: {
    fault: { stall: true },
    expected: { kinds: ["error"], code: "ATTIO_TIMEOUT", message: new RegExp(`did not answer within \\d+ ms`) },
  },
  "stall-body": { fault: { stall: "mid-body" }, expected: { kinds: ["error"], code: "ATTIO_TIMEOUT" } },
  drip: { fault: { dripMs: 50 }, expected: { kinds: ["error"], code: "ATTIO_TIMEOUT" } },
  reset: { fault: { reset: true }, expected: { kinds: ["error"], code: "ATTIO_NETWORK_ERROR", message: /^Could not reach Attio's/ } },
  "reset-mid-body": { fault: { reset: "mid-body" }, expected: { kinds: ["error"], code: "ATTIO_NETWORK_ERROR" } },
  "short-body": { fault: { shortBody: true }, expected: { kinds: ["error"], code: "ATTIO_NETWORK_ERROR" } },
  "huge-chunked": { fault: { oversized: "chunked" }, expected: { kinds: ["error"], code: "ATTIO_RESPONSE_TOO_LARGE" } },
  "huge-declared": { fault: { oversized: "declared" }, expected: { kinds: ["error"], code: "ATTIO_RESPONSE_TOO_LARGE" } },
  "gzip-bomb": { fault: { oversized: "gzip-bomb" }, expected: { kinds: ["error"], code: "ATTIO_RESPONSE_TOO_LARGE" } },
};

describe("hostile: Attio on the wire", () => {
  isolateNetwork();
  useHostileHarness();
  let sandbox: AttioSandbox;
  before(async () => (sandbox = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, autoApprove: true })));
  after(() => sandbox.close());
  const rig = useRig("cookie", () => sandbox.strategyOptions(CALLBACK_URL));
  beforeEach(() => sandbox.resetStats());

  /** The verifiers, codes and client secret the sandbox received, for the leak check. */
  const received = () =>
    sandbox
      .received("token")
      .flatMap((seen) => ["code", "code_verifier", "client_secret"].map((key) => new URLSearchParams(seen.body).get(key) ?? ""));

  /** A whole sign-in: the app's redirect, the sandbox's approval, the callback. */
  async function signIn(through: Rig) {
    const browser = newBrowser();
    const start = await browser.get(through.server, "/auth/attio");
    const back = await approvedAt(new URL(String(start.headers["location"])));
    return observe(() => browser.get(through.server, `/auth/attio/callback?${back.toString()}`));
  }

  for (const endpoint of ["token", "self", "member"] as const) {
    for (const [kind, { fault, expected }] of Object.entries(FAULTS)) {
      it(`the ${endpoint} request: ${kind}`, async () => {
        sandbox.failNext(endpoint, fault);
        await hostileCase(`wire/${endpoint}: ${kind}`, () => signIn(rig()), expected, caseOptions(received));
      });
    }
  }

  for (const target of ["token", "api"] as const) {
    it(`the ${target} endpoint refusing connections`, async () => {
      const port = await closedPort();
      const nowhere = `http://127.0.0.1:${port}`;
      const urls = target === "token" ? { tokenURL: `${nowhere}/oauth/token` } : { apiURL: nowhere };
      const refused = await startRig("session", { ...sandbox.strategyOptions(CALLBACK_URL), ...urls, timeout: HOSTILE_TIMEOUT_MS });
      try {
        await hostileCase(
          `wire/${target}: connection refused`,
          () => signIn(refused),
          { kinds: ["error"], code: "ATTIO_NETWORK_ERROR", message: /ECONNREFUSED/ },
          caseOptions(received),
        );
      } finally {
        await refused.close();
      }
    });
  }
});
