/**
 * What the examples in the Markdown documents (README.md, docs/…) take for granted: the app around
 * them. Each example is checked as a module with these in scope; an example that
 * imports or declares the same name uses its own.
 */

/** The user record an example app keeps. */
interface ExampleUser {
  id: string;
  attioAccessToken: string;
  attioRefreshToken?: string;
}

declare const app: import("express").Express;
declare const passport: import("passport").PassportStatic;
declare const strategy: import("passport-attio").AttioStrategy;
declare const connections: import("passport-attio").AttioConnections;
declare const verify: import("passport-attio").AttioVerifyAsync;
declare const user: ExampleUser;
declare const req: import("express").Request;
declare const res: import("express").Response;
declare function upsertUser(profile: import("passport-attio").AttioProfile): Promise<Express.User>;
declare function findUser(id: string): Promise<ExampleUser | undefined>;
declare function retryLater(delayMs?: number): void;
/** The app's own way to sign the user in once Attio has, e.g. by issuing a JWT. */
declare const issueYourToken: import("express").RequestHandler;
declare const users: {
  upsert(fields: Record<string, unknown>): Promise<Express.User>;
  saveTokens(id: string, accessToken: string, refreshToken: string, expiresAt: Date | null): Promise<void>;
};
