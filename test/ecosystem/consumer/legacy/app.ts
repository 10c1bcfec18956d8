/** An older CommonJS setup: moduleResolution node10 (no exports map), no esModuleInterop. */
import * as passport from "passport";
import { AttioStrategy, Strategy } from "passport-attio";

passport.use(
  new AttioStrategy(
    { clientID: "client-id", clientSecret: "client-secret", callbackURL: "/auth/attio/callback" },
    async (_accessToken, _refreshToken, _params, profile) => ({ id: profile.id, workspace: profile.workspace.id }),
  ),
);
export const Same: typeof AttioStrategy = Strategy;

// passport-attio/testing resolves without an exports map too (through testing/package.json).
import { startAttioSandbox } from "passport-attio/testing";
export const sandbox: Promise<{ readonly tokenURL: string }> = startAttioSandbox({ clientID: "c", clientSecret: "s", autoApprove: true });
