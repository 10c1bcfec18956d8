/**
 * The `userProfile()` hook: what a login's verify callback receives, overridable in a
 * subclass as in passport-oauth2, and usable on its own for any token.
 */
import { expect } from "chai";
import nock from "nock";
import { AttioGrantError, AttioProfile, AttioStrategy, AttioVerifyAsync, AttioVerifyFunction } from "../src";
import { isolateNetwork, mockMember, mockSelf, mockToken } from "./helpers/attio";
import { loginApp, returnFromAttio } from "./helpers/app";
import { ACCESS_TOKEN, MEMBER_ID, selfBody, WORKSPACE_ID } from "../harness/fixtures";
import { TEST_OPTIONS } from "../harness/strategy";

const returnProfile: AttioVerifyAsync = async (_accessToken, _refreshToken, _params, profile) => ({ profile });

type ProfileDone = (err?: unknown, profile?: AttioProfile) => void;

/** Enriches the built-in profile, as the README's example does. */
class ShoutingStrategy extends AttioStrategy {
  override userProfile(accessToken: string, done: ProfileDone): void {
    super.userProfile(accessToken, (err, profile) => done(err, profile && { ...profile, displayName: profile.displayName.toUpperCase() }));
  }
}

/** Replaces the profile without asking Attio anything, and counts its calls. */
class FixedProfileStrategy extends AttioStrategy {
  calls: string[] = [];
  override userProfile(accessToken: string, done: ProfileDone): void {
    this.calls.push(accessToken);
    done(null, { provider: "attio", id: "from-the-app", displayName: "Made by the app" } as AttioProfile);
  }
}

/** Fails or throws instead of giving a profile. */
class FailingStrategy extends AttioStrategy {
  mode: "done" | "throw" = "done";
  override userProfile(_accessToken: string, done: ProfileDone): void {
    if (this.mode === "throw") throw new RangeError("the app's profile loader threw");
    done(new RangeError("the app's profile loader failed"));
  }
}

function profileOf(strategy: AttioStrategy, accessToken = ACCESS_TOKEN): Promise<AttioProfile | undefined> {
  return new Promise((resolve, reject) => strategy.userProfile(accessToken, (err, profile) => (err ? reject(err) : resolve(profile))));
}

describe("userProfile()", () => {
  isolateNetwork();

  it("gives the verify callback the profile a subclass's override makes from the built-in one, with no extra request", async () => {
    // Each interceptor answers once: a second /v2/self would find none and fail the login.
    const attio = [mockToken(), mockSelf(), mockMember()];
    const response = await returnFromAttio(loginApp(new ShoutingStrategy(TEST_OPTIONS, returnProfile)), 200);
    expect(response.body.user.profile).to.deep.include({
      id: MEMBER_ID,
      displayName: "ADA LOVELACE",
      workspace: response.body.user.profile.workspace,
    });
    expect(response.body.user.profile.workspace.id).to.equal(WORKSPACE_ID);
    expect(attio.every((scope) => scope.isDone())).to.equal(true);
    expect(nock.pendingMocks()).to.deep.equal([]);
  });

  it("gives the verify callback an override's own profile, after the grant was checked with /v2/self", async () => {
    mockToken();
    const self = mockSelf();
    const strategy = new FixedProfileStrategy(TEST_OPTIONS, returnProfile);
    const response = await returnFromAttio(loginApp(strategy), 200);
    expect(response.body.user.profile).to.deep.equal({ provider: "attio", id: "from-the-app", displayName: "Made by the app" });
    expect(strategy.calls).to.deep.equal([ACCESS_TOKEN]);
    expect(self.isDone()).to.equal(true);
  });

  it("is not called when the grant fails its check: the sign-in fails as without an override", async () => {
    mockToken();
    mockSelf(selfBody({ scope: "record_permission:read" }));
    const strategy = new FixedProfileStrategy(TEST_OPTIONS, returnProfile);
    const login = loginApp(strategy);
    const response = await returnFromAttio(login, 302);
    expect(response.headers["location"]).to.equal("/failed");
    const page = await login.agent.get("/failed").expect(401);
    expect(page.body.messages[0]).to.match(/^The Attio app was not granted the scopes it needs: user_management:read\./);
    expect(strategy.calls).to.deep.equal([]);
  });

  it("is not called with skipUserProfile, and the verify callback gets no profile", async () => {
    mockToken();
    mockSelf();
    const strategy = new FixedProfileStrategy({ ...TEST_OPTIONS, skipUserProfile: true }, returnProfile);
    const response = await returnFromAttio(loginApp(strategy), 200);
    expect(response.body.user).to.deep.equal({});
    expect(strategy.calls).to.deep.equal([]);
  });

  for (const mode of ["done", "throw"] as const) {
    it(`turns an override's error (${mode === "done" ? "passed to done" : "thrown"}) into a login error`, async () => {
      mockToken();
      mockSelf();
      const strategy = new FailingStrategy(TEST_OPTIONS, returnProfile);
      strategy.mode = mode;
      const response = await returnFromAttio(loginApp(strategy), 500);
      expect(response.body.error).to.include({
        name: "RangeError",
        message: `the app's profile loader ${mode === "done" ? "failed" : "threw"}`,
      });
    });
  }

  it("reads /v2/self again when an override asks for another token's profile", async () => {
    const OTHER_TOKEN = "another-access-token-42";
    class OtherTokenStrategy extends AttioStrategy {
      override userProfile(_accessToken: string, done: ProfileDone): void {
        super.userProfile(OTHER_TOKEN, done);
      }
    }
    mockToken();
    mockSelf();
    const otherSelf = mockSelf(selfBody({ authorized_by_workspace_member_id: null, workspace_name: "Other Corp" }), 200, OTHER_TOKEN);
    const verify: AttioVerifyFunction = returnProfile;
    const response = await returnFromAttio(loginApp(new OtherTokenStrategy(TEST_OPTIONS, verify)), 200);
    expect(response.body.user.profile).to.deep.include({ id: WORKSPACE_ID, displayName: "Other Corp" });
    expect(otherSelf.isDone()).to.equal(true);
  });

  describe("called on its own", () => {
    it("checks the token with /v2/self, then reads the member", async () => {
      mockSelf();
      mockMember();
      const profile = await profileOf(new AttioStrategy(TEST_OPTIONS, returnProfile));
      expect(profile).to.deep.include({ id: MEMBER_ID, displayName: "Ada Lovelace", accessLevel: "admin" });
      expect(nock.pendingMocks()).to.deep.equal([]);
    });

    it("fails with AttioGrantError for an inactive token", async () => {
      mockSelf({ active: false });
      const error = await profileOf(new AttioStrategy(TEST_OPTIONS, returnProfile)).catch((err: unknown) => err);
      expect(error).to.be.instanceOf(AttioGrantError);
      expect(error).to.include({ code: "ATTIO_TOKEN_INACTIVE" });
    });
  });
});
