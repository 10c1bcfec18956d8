/** Reading the example app's settings from the environment. */
import { expect } from "chai";
import { AttioConfigError } from "passport-attio";
import type { AttioScope } from "passport-attio";
import { createExampleApp } from "../../example-app/app";
import { ConfigError, readConfig } from "../../example-app/config";

const SECRET = "0123456789abcdef0123456789abcdef";

describe("example app: configuration from the environment", () => {
  it("runs against the sandbox on port 3000 when ATTIO_CLIENT_ID is unset", () => {
    expect(readConfig({})).to.deep.equal({
      mode: "sandbox",
      port: 3000,
      host: "127.0.0.1",
      sessionSecret: undefined,
      grantedScopes: undefined,
      trustProxy: undefined,
      redisUrl: undefined,
    });
  });

  it("reads PORT, HOST, ATTIO_SANDBOX_SCOPES, SESSION_SECRET and TRUST_PROXY", () => {
    const env = { PORT: "8080", HOST: "0.0.0.0", ATTIO_SANDBOX_SCOPES: "record_permission:read", SESSION_SECRET: SECRET, TRUST_PROXY: "1" };
    expect(readConfig(env)).to.include({
      mode: "sandbox",
      port: 8080,
      host: "0.0.0.0",
      grantedScopes: "record_permission:read",
      sessionSecret: SECRET,
      trustProxy: 1,
    });
    expect(readConfig({ TRUST_PROXY: "true" }).trustProxy).to.equal(true);
    expect(readConfig({ TRUST_PROXY: "loopback" }).trustProxy).to.equal("loopback");
  });

  it("runs against real Attio with the full set of settings", () => {
    const env = {
      ATTIO_CLIENT_ID: "id",
      ATTIO_CLIENT_SECRET: "secret",
      ATTIO_CALLBACK_URL: "https://app.example.com/auth/attio/callback",
      SESSION_SECRET: SECRET,
    };
    expect(readConfig(env)).to.deep.equal({
      mode: "real",
      port: 3000,
      host: undefined,
      clientID: "id",
      clientSecret: "secret",
      callbackURL: "https://app.example.com/auth/attio/callback",
      sessionSecret: SECRET,
      trustProxy: undefined,
      redisUrl: undefined,
    });
  });

  it("reads REDIS_URL, and refuses one that is not redis:// or rediss:// without repeating it", () => {
    expect(readConfig({ REDIS_URL: "redis://:pw@127.0.0.1:6379/2" }).redisUrl).to.equal("redis://:pw@127.0.0.1:6379/2");
    expect(readConfig({ REDIS_URL: "rediss://cache.example.com:6380" }).redisUrl).to.equal("rediss://cache.example.com:6380");
    expect(readConfig({ REDIS_URL: " " }).redisUrl).to.equal(undefined);
    for (const wrong of ["http://:hunter2@cache:6379", "127.0.0.1:6379", "hunter2"]) {
      expect(() => readConfig({ REDIS_URL: wrong }))
        .to.throw(ConfigError, "REDIS_URL must be a redis:// or rediss:// URL")
        .with.property("message")
        .that.does.not.include("hunter2");
    }
  });

  it("names every setting real mode still needs", () => {
    expect(() => readConfig({ ATTIO_CLIENT_ID: "id" })).to.throw(
      ConfigError,
      "needs: ATTIO_CLIENT_SECRET, ATTIO_CALLBACK_URL, SESSION_SECRET.",
    );
  });

  it("refuses a short session secret, a bad port and a relative callback URL", () => {
    expect(() => readConfig({ SESSION_SECRET: "short" })).to.throw(ConfigError, "at least 32 characters");
    expect(() => readConfig({ PORT: "70000" })).to.throw(ConfigError, "PORT");
    expect(() => readConfig({ PORT: "abc" })).to.throw(ConfigError, "PORT");
    const real = { ATTIO_CLIENT_ID: "id", ATTIO_CLIENT_SECRET: "s", SESSION_SECRET: SECRET };
    expect(() => readConfig({ ...real, ATTIO_CALLBACK_URL: "/auth/attio/callback" })).to.throw(ConfigError, "absolute URL");
    expect(() => readConfig({ ...real, ATTIO_CALLBACK_URL: "ftp://x/cb" })).to.throw(ConfigError, "http or https");
  });

  it("stops at startup on a mistyped required scope, naming the closest valid one", () => {
    const attio = { clientID: "id", clientSecret: "secret", callbackURL: "http://localhost:3000/auth/attio/callback" };
    const start = () =>
      createExampleApp({ mode: "real", attio, sessionSecret: SECRET, requiredScopes: ["record_permission:read_write" as AttioScope] });
    expect(start).to.throw(AttioConfigError, "Did you mean record_permission:read-write?");
  });
});
