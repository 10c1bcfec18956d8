import { expect } from "chai";
import type { Request } from "express";
import ts from "typescript";
import {
  AttioProfile,
  AttioStrategy,
  AttioTokenParams,
  AttioVerifyAsync,
  AttioVerifyDone,
  AttioVerifyWithProfile,
  AttioVerifyWithProfileAndRequest,
  AttioConfigError,
} from "../src";
import { isolateNetwork, mockMember, mockSelf, mockToken } from "./helpers/attio";
import { loginApp, startLogin } from "./helpers/app";
import { ACCESS_TOKEN, AUTH_CODE, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, MEMBER_ID } from "../harness/fixtures";

const OPTIONS = { clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, callbackURL: CALLBACK_URL, scope: ["user_management:read" as const] };

/** Runs one login with `strategy` and returns the callback response. */
async function login(strategy: AttioStrategy) {
  const { agent } = loginApp(strategy);
  const authorize = await startLogin(agent);
  mockToken();
  mockSelf();
  mockMember();
  return agent.get(`/auth/attio/callback?code=${AUTH_CODE}&state=${authorize.searchParams.get("state")}`);
}

/** Describes what a verify callback was given, as JSON-friendly values. */
function seen(values: {
  req?: Request;
  accessToken: string;
  refreshToken: string | undefined;
  params?: AttioTokenParams;
  profile: AttioProfile;
}) {
  return {
    req: values.req ? values.req.path : null,
    accessToken: values.accessToken === ACCESS_TOKEN,
    refreshToken: values.refreshToken ?? null,
    params: values.params ? Object.keys(values.params) : null,
    profile: values.profile.id,
  };
}

describe("verify callback forms", () => {
  isolateNetwork();
  const withParams = { req: null, accessToken: true, refreshToken: null, params: ["access_token", "token_type"], profile: MEMBER_ID };
  const withoutParams = { ...withParams, params: null };
  const withReq = { ...withParams, req: "/auth/attio/callback" };

  it("(accessToken, refreshToken, profile, done)", async () => {
    // TypeScript types an unannotated callback by the forms with params; this one is annotated.
    const classic: AttioVerifyWithProfile = (accessToken, refreshToken, profile, done) =>
      done(null, seen({ accessToken, refreshToken, profile }));
    const strategy = new AttioStrategy(OPTIONS, classic);
    expect((await login(strategy)).body.user).to.deep.equal(withoutParams);
  });

  it("(accessToken, refreshToken, params, profile, done)", async () => {
    const strategy = new AttioStrategy(OPTIONS, (accessToken, refreshToken, params, profile, done) =>
      done(null, seen({ accessToken, refreshToken, params, profile })),
    );
    expect((await login(strategy)).body.user).to.deep.equal(withParams);
  });

  it("async (accessToken, refreshToken, params, profile) => user", async () => {
    const strategy = new AttioStrategy(OPTIONS, async (accessToken, refreshToken, params, profile) =>
      seen({ accessToken, refreshToken, params, profile }),
    );
    expect((await login(strategy)).body.user).to.deep.equal(withParams);
  });

  it("(req, accessToken, refreshToken, profile, done)", async () => {
    const classic: AttioVerifyWithProfileAndRequest = (req, accessToken, refreshToken, profile, done) =>
      done(null, seen({ req, accessToken, refreshToken, profile }));
    const strategy = new AttioStrategy({ ...OPTIONS, passReqToCallback: true }, classic);
    expect((await login(strategy)).body.user).to.deep.equal({ ...withoutParams, req: "/auth/attio/callback" });
  });

  it("(req, accessToken, refreshToken, params, profile, done)", async () => {
    const strategy = new AttioStrategy({ ...OPTIONS, passReqToCallback: true }, (req, accessToken, refreshToken, params, profile, done) =>
      done(null, seen({ req, accessToken, refreshToken, params, profile })),
    );
    expect((await login(strategy)).body.user).to.deep.equal(withReq);
  });

  it("async (req, accessToken, refreshToken, params, profile) => user", async () => {
    const strategy = new AttioStrategy({ ...OPTIONS, passReqToCallback: true }, async (req, accessToken, refreshToken, params, profile) =>
      seen({ req, accessToken, refreshToken, params, profile }),
    );
    expect((await login(strategy)).body.user).to.deep.equal(withReq);
  });

  it("a rest-parameter async function that calls done (as NestJS's mixin does)", async () => {
    const nestLike = async (...args: unknown[]) => {
      const done = args[args.length - 1] as AttioVerifyDone;
      done(null, { arguments: args.length });
    };
    const strategy = new AttioStrategy(OPTIONS, nestLike as never);
    expect((await login(strategy)).body.user).to.deep.equal({ arguments: 4 });
  });

  it("an async function of fewer parameters whose promise gives the user", async () => {
    const strategy = new AttioStrategy(OPTIONS, (async () => ({ id: "short" })) as never);
    expect((await login(strategy)).body.user).to.deep.equal({ id: "short" });
  });

  it("reports only the first of several done calls", async () => {
    const strategy = new AttioStrategy(OPTIONS, (_a, _r, _params, _p, done) => {
      done(null, { first: true });
      done(new Error("second"));
      done(null, { third: true });
    });
    expect((await login(strategy)).body.user).to.deep.equal({ first: true });
  });

  it("reports an error passed to done", async () => {
    const strategy = new AttioStrategy(OPTIONS, (_a, _r, _params, _p, done) => done(new Error("lookup failed")));
    const response = await login(strategy);
    expect(response.status).to.equal(500);
    expect(response.body.error.message).to.equal("lookup failed");
  });

  it("reports a rejection without a reason as an error", async () => {
    const strategy = new AttioStrategy(OPTIONS, async () => Promise.reject(undefined));
    const response = await login(strategy);
    expect(response.body.error.message).to.equal("The verify callback rejected without a reason.");
  });

  it("calls verify with the strategy as this", async () => {
    let self: unknown;
    const strategy = new AttioStrategy(OPTIONS, async function (this: unknown) {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the test inspects the `this` verify gets
      self = this;
      return { ok: true };
    } as never);
    await login(strategy);
    expect(Object.getPrototypeOf(self)).to.equal(strategy);
  });

  describe("a verify function whose form cannot be told from its declaration never signs anyone in", () => {
    const disguised =
      "AttioStrategy: the verify callback declares four parameters, is not an async function, and returned a promise without " +
      "calling done. Such a function is passport-oauth2's (accessToken, refreshToken, profile, done) form, so it was given the " +
      "profile third and done fourth, and its promise cannot be the user. For the promise form, declare it async (and compile " +
      "to ES2017 or later, so that it stays async), or take done fifth: (accessToken, refreshToken, params, profile, done). " +
      "For the classic form, report through done.";

    /** An `async` verify as TypeScript compiles it for ES2016: a plain function returning a promise. */
    function compiledForES2016(source: string): AttioVerifyAsync {
      const { outputText } = ts.transpileModule(`module.exports = ${source};`, {
        compilerOptions: { target: ts.ScriptTarget.ES2016, module: ts.ModuleKind.CommonJS },
      });
      const module = { exports: undefined as unknown };
      new Function("module", "exports", outputText)(module, {});
      return module.exports as AttioVerifyAsync;
    }

    it("a promise-returning function of four parameters that is not async: an error that says how to declare it", async () => {
      const upsert = (profile: AttioProfile) => Promise.resolve({ id: profile.id });
      const strategy = new AttioStrategy(OPTIONS, (_accessToken, _refreshToken, _params, profile) => upsert(profile));
      const response = await login(strategy);
      expect(response.status).to.equal(500);
      expect(response.body).to.deep.equal({ error: { name: "AttioConfigError", code: "ATTIO_INVALID_OPTIONS", message: disguised } });
    });

    it("an async function compiled to ES2016: the same error", async () => {
      const verify = compiledForES2016("async (accessToken, refreshToken, params, profile) => ({ id: profile.id })");
      expect(verify.constructor.name).to.equal("Function", "compiled, it is no longer detectably async");
      const response = await login(new AttioStrategy(OPTIONS, verify));
      expect(response.body.error?.message).to.equal(disguised);
    });

    it("a compiled async classic form that calls done still signs in", async () => {
      const verify = compiledForES2016(
        "async (accessToken, refreshToken, profile, done) => { await null; done(null, { id: profile.id }); }",
      );
      const response = await login(new AttioStrategy(OPTIONS, verify as unknown as AttioVerifyWithProfile));
      expect(response.body.user).to.deep.equal({ id: MEMBER_ID });
    });

    it("the same with the request first", async () => {
      const strategy = new AttioStrategy({ ...OPTIONS, passReqToCallback: true }, (_req, _accessToken, _refreshToken, _params, profile) =>
        Promise.resolve({ id: profile.id }),
      );
      const response = await login(strategy);
      expect(response.body.error?.message).to.match(/^AttioStrategy: the verify callback declares four parameters after req, /);
      expect(response.body.error?.message).to.include("(req, accessToken, refreshToken, params, profile, done)");
    });

    it("three parameters (params or profile third?) are refused when the strategy is built", () => {
      const three = async (_accessToken: string, _refreshToken: string | undefined, params: AttioTokenParams) => ({ id: String(params) });
      expect(() => new AttioStrategy(OPTIONS, three)).to.throw(
        AttioConfigError,
        "AttioStrategy: the verify callback declares three parameters, so the third could be params or the profile. Declare all " +
          "four: async (accessToken, refreshToken, params, profile) => user, or (accessToken, refreshToken, profile, done) => void.",
      );
    });

    it("more parameters than any form takes are refused, with a hint about passReqToCallback", () => {
      const six = (_req: unknown, _a: unknown, _r: unknown, _params: unknown, _profile: unknown, done: AttioVerifyDone) =>
        done(null, false);
      expect(() => new AttioStrategy(OPTIONS, six as never)).to.throw(
        AttioConfigError,
        "AttioStrategy: the verify callback declares 6 parameters; the longest form is (accessToken, refreshToken, params, profile, done). " +
          "If it takes the request first, set passReqToCallback: true.",
      );
    });
  });
});
