/** Strategies built from the fixtures, varied per test. */
import { AttioStrategy } from "../src";
import type { AttioProfile, AttioStrategyOptions, AttioTokenParams } from "../src";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "./fixtures";

/** What the test verify callback makes of a profile. */
export interface TestUser {
  readonly id: string;
  readonly name: string;
  readonly workspace: string;
}

async function toUser(
  _accessToken: string,
  _refreshToken: string | undefined,
  _params: AttioTokenParams,
  profile: AttioProfile,
): Promise<TestUser> {
  return { id: profile.id, name: profile.displayName, workspace: profile.workspace.id };
}

/** The fixture client, requiring `record_permission:read` and `user_management:read`. */
export const TEST_OPTIONS: AttioStrategyOptions = {
  clientID: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  callbackURL: CALLBACK_URL,
  scope: ["record_permission:read", "user_management:read"],
};

/** An AttioStrategy with {@link TEST_OPTIONS}, varied by `overrides`. */
export function testStrategy(overrides: Partial<AttioStrategyOptions> = {}): AttioStrategy {
  return new AttioStrategy({ ...TEST_OPTIONS, ...overrides }, toUser);
}
