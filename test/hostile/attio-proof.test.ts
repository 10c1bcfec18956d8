/**
 * Hostile `/v2/self` and member answers, generated (fast-check, fixed seed):
 * each field a login relies on is ours, absent or someone else's. A sign-in
 * succeeds exactly when every one is proven, and otherwise fails with the code
 * of the first thing not proven, never an error page.
 */
import { expect } from "chai";
import fc from "fast-check";
import nock from "nock";
import { isolateNetwork } from "../helpers/attio";
import { resetSeen, scriptAttio } from "../helpers/attio-script";
import { CLIENT_ID, memberBody, MEMBER_ID, selfBody, WORKSPACE_ID } from "../../harness/fixtures";
import { hostileCase, useHostileHarness } from "../helpers/hostile";
import { attempt, caseOptions, codeAndState, useRig } from "../helpers/hostile-rig";

const NOW_S = Math.floor(Date.now() / 1000);
const ANSWER = fc.record({
  client_id: fc.constantFrom(CLIENT_ID, undefined, "another-client"),
  aud: fc.constantFrom(CLIENT_ID, undefined, "another-client"),
  sub: fc.constantFrom(WORKSPACE_ID, undefined, "another-workspace"),
  exp: fc.constantFrom(null, undefined, NOW_S + 3600, NOW_S - 10, 0),
  iss: fc.constantFrom("attio.com", undefined, "evil.example", "https://attio.com"),
  memberId: fc.constantFrom(MEMBER_ID, "..", "a/b", "x?y", "%2e%2e", "ok_id-1"),
  memberWorkspace: fc.constantFrom(WORKSPACE_ID, undefined, "another-workspace"),
  accessLevel: fc.constantFrom("admin", "member", "suspended", undefined),
});
type Answer = typeof ANSWER extends fc.Arbitrary<infer T> ? T : never;

/** The code a sign-in must fail with, in the order the strategy checks; undefined for a success. */
function expectedCode(a: Answer): string | undefined {
  if (a.client_id === undefined && a.aud === undefined) return "ATTIO_NO_CLIENT";
  if ([a.client_id, a.aud].some((id) => id !== undefined && id !== CLIENT_ID)) return "ATTIO_WRONG_CLIENT";
  if (a.sub !== undefined && a.sub !== WORKSPACE_ID) return "ATTIO_WRONG_WORKSPACE";
  if (typeof a.exp === "number" && a.exp <= NOW_S) return "ATTIO_TOKEN_EXPIRED";
  if (a.iss !== undefined && a.iss !== "attio.com") return "ATTIO_WRONG_ISSUER";
  if (!/^[A-Za-z0-9_-]+$/.test(a.memberId)) return "ATTIO_INVALID_MEMBER_ID";
  if (a.memberWorkspace !== undefined && a.memberWorkspace !== WORKSPACE_ID) return "ATTIO_WRONG_WORKSPACE";
  if (a.accessLevel === "suspended") return "ATTIO_MEMBER_SUSPENDED";
  return undefined;
}

describe("hostile: what Attio's answers must prove", function () {
  this.timeout(60_000);
  isolateNetwork();
  useHostileHarness();
  const rig = useRig("cookie");

  it("signs in exactly when every field is proven, and otherwise fails with its code", () =>
    fc.assert(
      fc.asyncProperty(ANSWER, async (answer) => {
        // A case that fails before the member request leaves its reply queued: start clean.
        nock.cleanAll();
        resetSeen();
        const self = selfBody({
          client_id: answer.client_id,
          aud: answer.aud,
          sub: answer.sub,
          exp: answer.exp,
          iss: answer.iss,
          authorized_by_workspace_member_id: answer.memberId,
        });
        const member = memberBody({
          id: { workspace_id: answer.memberWorkspace, workspace_member_id: answer.memberId },
          access_level: answer.accessLevel,
        });
        scriptAttio({ self: { status: 200, json: self }, member: { status: 200, json: member } });
        const code = expectedCode(answer);
        const outcome = await hostileCase(
          `attio-proof: ${JSON.stringify(answer)}`,
          () => attempt(rig(), codeAndState()),
          code === undefined ? { kinds: ["success"] } : { kinds: ["failure"], code },
          caseOptions(),
        );
        if (outcome.kind === "success") expect((outcome.body["user"] as { id: string }).id).to.equal(answer.memberId);
      }),
      { numRuns: 400, seed: 9207 },
    ));
});
