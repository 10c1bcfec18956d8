/**
 * The README's Quick start, run as a newcomer pastes it: its code block, compiled,
 * serving real HTTP, with the Attio sandbox standing in for Attio (its URLs and
 * credentials are the only thing added to the options). A sign-in must land on `/`.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import { AddressInfo } from "node:net";
import { join } from "node:path";
import ts from "typescript";
import * as passportAttio from "../src";
import { AttioStrategyOptions } from "../src";
import { startAttioSandbox, type AttioSandbox } from "../src/testing";
import { typeScriptBlocks } from "./helpers/doc-examples";

/** The first TypeScript block under "## Quick start". */
function quickStartCode(): string {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Quick start"));
  const block = typeScriptBlocks(section)[0];
  if (!block) throw new Error("README.md has no TypeScript block under its Quick start");
  return ts.transpileModule(block.code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}

/** Runs the Quick start's code with `AttioStrategy` pointed at the sandbox, and returns its `app`. */
function runQuickStart(sandbox: AttioSandbox, callbackURL: string): RequestListener {
  class SandboxedStrategy extends passportAttio.AttioStrategy {
    constructor(options: AttioStrategyOptions, verify: ConstructorParameters<typeof passportAttio.AttioStrategy>[1]) {
      super({ ...options, ...sandbox.strategyOptions(callbackURL), callbackURL }, verify);
    }
  }
  const modules: Record<string, unknown> = { ...requireAll(), "passport-attio": { ...passportAttio, AttioStrategy: SandboxedStrategy } };
  const upsertUser = (profile: passportAttio.AttioProfile) => ({ id: profile.id, name: profile.displayName });
  const exports = {};
  const run = new Function("require", "exports", "upsertUser", "process", `${quickStartCode()}\nreturn app;`) as (
    ...args: unknown[]
  ) => RequestListener;
  const env = { ATTIO_CLIENT_ID: "from-env", ATTIO_CLIENT_SECRET: "from-env", SESSION_SECRET: "a session secret for the test" };
  return run((name: string) => modules[name], exports, upsertUser, { env });
}

/** The modules the Quick start installs, as this repository has them. */
function requireAll(): Record<string, unknown> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const express = require("express") as typeof import("express");
  // The test serves the app on its own loopback server: the block's app.listen must not open another.
  const withoutListen = Object.assign(
    (...args: Parameters<typeof express>) => Object.assign(express(...args), { listen: () => undefined }),
    express,
  );
  return { express: withoutListen, "express-session": require("express-session"), passport: require("passport") };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

async function get(url: string, cookie?: string): Promise<{ status: number; location: string; cookie?: string; body: string }> {
  const response = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const setCookie = response.headers.get("set-cookie")?.split(";")[0];
  return {
    status: response.status,
    location: response.headers.get("location") ?? "",
    body: await response.text(),
    ...(setCookie ? { cookie: setCookie } : {}),
  };
}

describe("README: the Quick start, as pasted", () => {
  let sandbox: AttioSandbox;
  let server: Server;
  let base: string;

  before(async () => {
    sandbox = await startAttioSandbox({ clientID: "quick-start", clientSecret: "a+b/c=d~e!f%g&h i\"j'k<l>m\u00e9", autoApprove: true });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on("request", runQuickStart(sandbox, `${base}/auth/attio/callback`));
  });

  after(async () => {
    server.close();
    await sandbox.close();
  });

  it("signs the member in and redirects to /", async () => {
    const start = await get(`${base}/auth/attio`);
    const approved = await get(start.location);
    const callback = await get(approved.location, start.cookie);
    expect({ status: callback.status, location: callback.location, body: callback.body.slice(0, 80) }).to.deep.equal({
      status: 302,
      location: "/",
      body: "Found. Redirecting to /",
    });
  });

  it("sends a replayed callback to /login, not to an error page", async () => {
    const start = await get(`${base}/auth/attio`);
    const approved = await get(start.location);
    const first = await get(approved.location, start.cookie);
    const replay = await get(approved.location, first.cookie ?? start.cookie);
    expect({ status: replay.status, location: replay.location }).to.deep.equal({ status: 302, location: "/login" });
    const login = await get(`${base}/login`, replay.cookie ?? first.cookie ?? start.cookie);
    expect(login.status).to.equal(401);
    expect(login.body).to.match(/^Not signed in\. \S/);
  });
});
