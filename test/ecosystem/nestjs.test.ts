/**
 * A NestJS app (compiled by tsc, decorators and all) signs in through the packed
 * strategy with @nestjs/passport's PassportStrategy mixin, against the Attio sandbox.
 */
import { expect } from "chai";
import request from "supertest";
import type { INestApplication } from "@nestjs/common";
import { AttioSandbox, DEMO_MEMBERS, DEMO_WORKSPACE, startAttioSandbox } from "../../src/testing";
import { approvedAt } from "../helpers/app";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../../harness/fixtures";
import { nestApp } from "../helpers/nest-app";
import { useConsumer } from "../helpers/packed";

const MEMBER_ID = DEMO_MEMBERS[0]?.id;
const WORKSPACE_ID = DEMO_WORKSPACE.id;

describe("ecosystem: NestJS", function () {
  this.timeout(20_000);
  const consumer = useConsumer();
  let attio: AttioSandbox;
  let app: INestApplication;

  before(async function () {
    this.timeout(120_000);
    const createApp = await nestApp(consumer());
    attio = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, autoApprove: true });
    app = await createApp({
      ...attio.strategyOptions(CALLBACK_URL),
      callbackURL: CALLBACK_URL,
      scope: ["record_permission:read", "user_management:read"],
    });
  });
  after(async () => {
    await app?.close();
    await attio?.close();
  });

  async function signIn(route: string) {
    const agent = request.agent(app.getHttpServer());
    const redirect = await agent.get(`/auth/${route}`).expect(302);
    const authorize = new URL(redirect.headers["location"] as string);
    expect(authorize.origin + authorize.pathname).to.equal(attio.authorizationURL);
    expect(authorize.searchParams.get("code_challenge_method")).to.equal("S256");
    const state = authorize.searchParams.get("state") ?? "";
    // Every strategy shares one registered callback URL; the sandbox approves at once.
    const code = (await approvedAt(authorize)).get("code") ?? "";
    return { agent, state, code };
  }

  it("PassportStrategy(AttioStrategy, name, true): validate(accessToken, refreshToken, params, profile) gets params", async () => {
    const { agent, state, code } = await signIn("attio");
    const response = await agent.get(`/auth/attio/callback?code=${code}&state=${state}`).expect(200);
    expect(response.body).to.deep.equal({ user: { id: MEMBER_ID, workspace: WORKSPACE_ID, tokenType: "Bearer" } });
  });

  it("with passReqToCallback: validate(req, accessToken, refreshToken, params, profile)", async () => {
    const { agent, state, code } = await signIn("attio-with-request");
    const response = await agent.get(`/auth/attio-with-request/callback?code=${code}&state=${state}`).expect(200);
    expect(response.body).to.deep.equal({
      user: { id: MEMBER_ID, workspace: WORKSPACE_ID, tokenType: "Bearer", path: "/auth/attio-with-request/callback" },
    });
  });

  it("without the third argument: validate(accessToken, refreshToken, profile)", async () => {
    const { agent, state, code } = await signIn("attio-profile-only");
    const response = await agent.get(`/auth/attio-profile-only/callback?code=${code}&state=${state}`).expect(200);
    expect(response.body).to.deep.equal({ user: { id: MEMBER_ID, workspace: WORKSPACE_ID } });
  });

  it("answers a refusal in Attio with 401 and the strategy's message (the recipe's guard)", async () => {
    const { agent, state } = await signIn("attio");
    const response = await agent.get(`/auth/attio/callback?error=access_denied&state=${state}`).expect(401);
    expect(response.body).to.deep.equal({
      statusCode: 401,
      error: "Unauthorized",
      message: "Access to Attio was not granted, so you are not signed in.",
    });
  });

  it("answers a refusal with a bare 401 under Nest's own AuthGuard", async () => {
    const { agent, state } = await signIn("attio-profile-only");
    const response = await agent.get(`/auth/attio-profile-only/callback?error=access_denied&state=${state}`).expect(401);
    expect(response.body).to.deep.equal({ statusCode: 401, message: "Unauthorized" });
  });
});
