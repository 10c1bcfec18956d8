import { expect } from "chai";
import { CookieStateStore } from "../../src";
import { isolateNetwork } from "../helpers/attio";
import { mockAttioUsers, SeenTokenRequests, userCode, userMember } from "../helpers/attio-users";
import { authApp } from "../helpers/auth-app";
import { Browser } from "../helpers/browser";
import { beginLogin, challengeOf, finishLogin } from "../helpers/login-steps";
import { listen, Listening } from "../../harness/server";
import { testStrategy } from "../../harness/strategy";

const SHARED_SECRET = "shared-state-secret-0123456789abcdefghij";

/** One app process: its own strategy, store and passport, sharing only the secret. */
async function instance(): Promise<Listening> {
  const store = new CookieStateStore({ secret: SHARED_SECRET });
  return listen(authApp(testStrategy({ store })));
}

describe("CookieStateStore across two app instances", () => {
  isolateNetwork();
  let a: Listening;
  let b: Listening;
  let seen: SeenTokenRequests;

  before(async () => {
    [a, b] = await Promise.all([instance(), instance()]);
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
  });
  beforeEach(() => (seen = mockAttioUsers(100)));

  it("finishes on one instance a login begun on the other, both ways", async () => {
    for (const [first, second, n] of [
      [a, b, 1],
      [b, a, 2],
    ] as const) {
      const browser = new Browser();
      const { state } = await beginLogin(browser, first.server);
      const response = await finishLogin(browser, second.server, userCode(n), state);
      expect(response.status, response.text).to.equal(200);
      expect(response.body.user).to.include({ id: userMember(n), name: `User ${n}` });
    }
  });

  it("runs 100 concurrent logins spread across both, each ending with its own user", async () => {
    const logins = Array.from({ length: 100 }, async (_, n) => {
      const [first, second] = n % 2 === 0 ? [a, b] : [b, a];
      const browser = new Browser();
      const { state, challenge } = await beginLogin(browser, first.server);
      const response = await finishLogin(browser, second.server, userCode(n), state);
      return { n, status: response.status, user: response.body.user as { id: string; name: string } | undefined, challenge };
    });
    const outcomes = await Promise.all(logins);
    for (const { n, status, user, challenge } of outcomes) {
      expect(status, `login ${n}`).to.equal(200);
      expect(user).to.include({ id: userMember(n), name: `User ${n}` });
      // The verifier sent with code n is the one whose challenge browser n carried to Attio.
      expect(challengeOf(seen.get(userCode(n))?.verifier ?? ""), `verifier of login ${n}`).to.equal(challenge);
    }
    expect(new Set(outcomes.map((outcome) => outcome.challenge)).size).to.equal(100);
  });

  it("keeps two tabs apart when each lands on a different instance", async () => {
    const browser = new Browser();
    const tabOne = await beginLogin(browser, a.server);
    const tabTwo = await beginLogin(browser, b.server);
    const [two, one] = await Promise.all([
      finishLogin(browser, a.server, userCode(12), tabTwo.state),
      finishLogin(browser, b.server, userCode(11), tabOne.state),
    ]);
    expect([one.body.user?.id, two.body.user?.id]).to.deep.equal([userMember(11), userMember(12)]);
  });
});
