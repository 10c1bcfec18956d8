/** The login flow of the packed package under Express 4 and 5, each with Passport 0.6 and 0.7. */
import { expect } from "chai";
import type express from "express";
import type { Passport } from "passport";
import { AttioSandbox, DEMO_MEMBERS, DEMO_WORKSPACE, startAttioSandbox } from "../../src/testing";
import { approvedAt, loginApp, startLogin } from "../helpers/app";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../../harness/fixtures";
import { useConsumer } from "../helpers/packed";

const EXPRESS = [
  { module: "express4", major: "4" },
  { module: "express", major: "5" },
];
const PASSPORT = [
  { module: "passport06", minor: "0.6" },
  { module: "passport", minor: "0.7" },
];

describe("ecosystem: Express 4 and 5 with Passport 0.6 and 0.7", function () {
  this.timeout(20_000);
  const consumer = useConsumer();
  let attio: AttioSandbox;

  before(async () => {
    attio = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, autoApprove: true });
  });
  after(() => attio.close());

  function appWith(expressModule: string, passportModule: string) {
    const { AttioStrategy } = consumer().attio();
    const strategy = new AttioStrategy(
      { ...attio.strategyOptions(CALLBACK_URL), callbackURL: CALLBACK_URL, scope: ["record_permission:read", "user_management:read"] },
      async (_accessToken, _refreshToken, params, profile) => ({
        id: profile.id,
        workspace: profile.workspace.id,
        tokenType: params["token_type"],
      }),
    );
    return loginApp(
      strategy,
      {},
      {
        express: consumer().require<typeof express>(expressModule),
        Passport: consumer().require<{ Passport: typeof Passport }>(passportModule).Passport,
      },
    );
  }

  for (const expressVersion of EXPRESS) {
    for (const passportVersion of PASSPORT) {
      describe(`Express ${expressVersion.major}, Passport ${passportVersion.minor}`, () => {
        it("runs the versions it names", () => {
          expect(consumer().require<{ version: string }>(`${expressVersion.module}/package.json`).version).to.match(
            new RegExp(`^${expressVersion.major}\\.`),
          );
          expect(consumer().require<{ version: string }>(`${passportVersion.module}/package.json`).version).to.match(
            new RegExp(`^${passportVersion.minor}\\.`),
          );
        });

        it("redirects to Attio, exchanges the code with its PKCE verifier, and signs the member in", async () => {
          const { agent } = appWith(expressVersion.module, passportVersion.module);
          const authorize = await startLogin(agent);
          expect(authorize.origin + authorize.pathname).to.equal(attio.authorizationURL);
          expect(Object.fromEntries(authorize.searchParams)).to.include({
            response_type: "code",
            client_id: CLIENT_ID,
            redirect_uri: CALLBACK_URL,
            code_challenge_method: "S256",
          });
          const back = await approvedAt(authorize);
          attio.resetStats();
          const response = await agent.get(`/auth/attio/callback?${back.toString()}`).expect(200);
          expect(response.body).to.deep.equal({ user: { id: DEMO_MEMBERS[0]?.id, workspace: DEMO_WORKSPACE.id, tokenType: "Bearer" } });
          const tokenRequest = attio.received("token").map((seen) => Object.fromEntries(new URLSearchParams(seen.body)));
          expect(tokenRequest).to.have.length(1);
          expect(tokenRequest[0]).to.include({ grant_type: "authorization_code", code: back.get("code"), redirect_uri: CALLBACK_URL });
          expect(tokenRequest[0]?.["code_verifier"]).to.match(/^[A-Za-z0-9_-]{43,128}$/);
        });

        it("turns a refusal in Attio into an authentication failure with its message", async () => {
          const { agent } = appWith(expressVersion.module, passportVersion.module);
          const authorize = await startLogin(agent);
          const state = authorize.searchParams.get("state") ?? "";
          const denied = await agent.get(`/auth/attio/callback?error=access_denied&state=${state}`).expect(302);
          expect(denied.headers["location"]).to.equal("/failed");
          const failed = await agent.get("/failed").expect(401);
          expect(failed.body).to.deep.equal({ messages: ["Access to Attio was not granted, so you are not signed in."] });
        });
      });
    }
  }
});
