/**
 * Compiled, and expected to fail: a verify whose user lacks a field of the augmented
 * Express.User. The test checks that TypeScript names the missing field.
 */
import { AttioStrategy } from "passport-attio";

declare global {
  namespace Express {
    interface User {
      id: string;
      workspaceId: string;
    }
  }
}

new AttioStrategy(
  { clientID: "id", clientSecret: "secret", callbackURL: "/auth/attio/callback" },
  async (_accessToken, _refreshToken, _params, profile) => ({
    id: profile.id,
  }),
);
