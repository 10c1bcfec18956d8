import { expect } from "chai";
import { AttioConfigError, AttioStrategy, AttioStrategyOptions, Strategy } from "../src";
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET } from "../harness/fixtures";

const BASE = { clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, callbackURL: CALLBACK_URL };
const verify = async () => false as const;

function build(options: Record<string, unknown>): AttioStrategy {
  return new AttioStrategy(options as unknown as AttioStrategyOptions, verify);
}

function constructorError(options: Record<string, unknown>): AttioConfigError {
  try {
    build(options);
  } catch (err) {
    expect(err).to.be.instanceOf(AttioConfigError);
    const error = err as AttioConfigError;
    expect(error).to.include({ name: "AttioConfigError", code: "ATTIO_INVALID_OPTIONS", status: undefined });
    expect(error.message).not.to.include(CLIENT_SECRET);
    return error;
  }
  throw new Error("expected the constructor to throw");
}

describe("AttioStrategy options", () => {
  it("is named attio and exported as Strategy too", () => {
    expect(build(BASE).name).to.equal("attio");
    expect(Strategy).to.equal(AttioStrategy);
  });

  it("normalises the required scopes", () => {
    const strategy = build({ ...BASE, scope: "note:read  record_permission:read note:read-write record_permission:read" });
    expect(strategy.requiredScopes).to.deep.equal(["record_permission:read", "note:read-write"]);
    expect(build(BASE).requiredScopes).to.deep.equal([]);
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ["a typo in an option name", { ...BASE, clientId: "x" }, 'AttioStrategy: unknown option "clientId". Did you mean clientID?'],
    ["an option nobody knows", { ...BASE, colour: "blue" }, 'AttioStrategy: unknown option "colour".'],
    ["scopeSeparator", { ...BASE, scopeSeparator: "," }, "not supported: Attio does not read a scope parameter"],
    [
      "a missing clientID",
      { clientSecret: CLIENT_SECRET, callbackURL: CALLBACK_URL },
      'AttioStrategy: "clientID" is required (a non-empty string).',
    ],
    ["an empty clientSecret", { ...BASE, clientSecret: "" }, '"clientSecret" is required'],
    ["a missing callbackURL", { clientID: CLIENT_ID, clientSecret: CLIENT_SECRET }, '"callbackURL" is required'],
    [
      "a misspelt scope",
      { ...BASE, scope: ["record_permission:read_write"] },
      'AttioStrategy: "record_permission:read_write" is not an Attio scope. Did you mean record_permission:read-write?',
    ],
    ["a scope far from any", { ...BASE, scope: "openid" }, '"openid" is not an Attio scope. See ATTIO_SCOPES for the catalogue.'],
    ["a scope that is not a string", { ...BASE, scope: [42] }, "every scope must be a string"],
    ["a scope of the wrong type", { ...BASE, scope: 7 }, '"scope" must be an array of scopes or a space-separated string'],
    ["pkce plain", { ...BASE, pkce: "plain" }, 'pkce "plain" is refused'],
    ["pkce of another kind", { ...BASE, pkce: "S512" }, '"pkce" must be true, false or "S256"'],
    ["state turned off", { ...BASE, state: false }, '"state" cannot be turned off'],
    ["a store without verify", { ...BASE, store: { store() {} } }, '"store" must be a state store'],
    ["a zero timeout", { ...BASE, timeout: 0 }, '"timeout" must be a whole number of milliseconds'],
    ["a fractional timeout", { ...BASE, timeout: 1.5 }, '"timeout" must be a whole number'],
    ["a relative tokenURL", { ...BASE, tokenURL: "/oauth/token" }, '"tokenURL" must be an absolute http(s) URL'],
    ["a non-http apiURL", { ...BASE, apiURL: "ftp://api.attio.com" }, '"apiURL" must be an absolute http(s) URL'],
    ["an authorizationURL that is not a URL", { ...BASE, authorizationURL: 3 }, '"authorizationURL" must be an absolute http(s) URL'],
    ["passReqToCallback as a string", { ...BASE, passReqToCallback: "yes" }, '"passReqToCallback" must be a boolean'],
    ["skipUserProfile as a string", { ...BASE, skipUserProfile: "yes" }, '"skipUserProfile" must be a boolean or a function'],
    ["proxy as a number", { ...BASE, proxy: 1 }, '"proxy" must be a boolean'],
    ["customHeaders with a number", { ...BASE, customHeaders: { "X-A": 1 } }, '"customHeaders" must be an object of string header values'],
    ["customHeaders as an array", { ...BASE, customHeaders: ["a"] }, '"customHeaders" must be an object of string header values'],
    ["an empty sessionKey", { ...BASE, sessionKey: "" }, '"sessionKey" must be a non-empty string'],
  ];
  for (const [name, options, message] of cases) {
    it(`refuses ${name}`, () => {
      expect(constructorError(options).message).to.include(message);
    });
  }

  it("refuses options that are not an object, and a missing verify callback", () => {
    expect(() => new AttioStrategy(null as unknown as AttioStrategyOptions, verify)).to.throw(
      AttioConfigError,
      "options must be an object",
    );
    expect(() => new AttioStrategy(BASE, undefined as unknown as typeof verify)).to.throw(
      AttioConfigError,
      "a verify callback is required",
    );
  });

  it("accepts every documented option", () => {
    const strategy = build({
      ...BASE,
      scope: ["record_permission:read"],
      pkce: "S256",
      state: true,
      store: { store() {}, verify() {} },
      sessionKey: "attio-login",
      authorizationURL: "https://proxy.example.com/authorize",
      tokenURL: "https://proxy.example.com/token",
      apiURL: "https://proxy.example.com/api",
      timeout: 2500,
      passReqToCallback: false,
      skipUserProfile: false,
      proxy: true,
      customHeaders: { "X-Tenant": "7" },
      clientSecretExtra: undefined,
    });
    expect(strategy).to.be.instanceOf(AttioStrategy);
  });
});
