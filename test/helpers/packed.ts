/**
 * The package as a user gets it. `npm pack` runs once per test run; one consumer
 * project in a temporary directory installs the tarball beside the frameworks the
 * ecosystem tests use (at the versions this repository's lock file pins, from the
 * npm cache when they are there). Tests load modules through the consumer, so
 * they exercise the published files and exports map, never `src/`.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");
/** Files copied into the consumer project: TypeScript sources, tsconfigs. */
const CONSUMER_FILES = join(ROOT, "test/ecosystem/consumer");

/** What the consumer installs beside the package, at the versions installed here. */
const CONSUMER_DEPENDENCIES = [
  "express",
  "express4",
  "express-session",
  "@types/express-session",
  "passport",
  "passport06",
  "passport-oauth2-refresh",
  "@types/passport-oauth2-refresh",
  "https-proxy-agent",
  "@nestjs/common",
  "@nestjs/core",
  "@nestjs/platform-express",
  "@nestjs/passport",
  "reflect-metadata",
  "rxjs",
  "expect-type",
  "fastify",
  "@fastify/passport",
  "@fastify/secure-session",
  "@fastify/session",
  "@fastify/cookie",
  "koa",
  "koa-passport",
  "koa-session",
  "@koa/router",
  "@types/koa",
  "@types/koa-passport",
  // docs/testing.md's examples run in each.
  "mocha",
  "jest",
  "vitest",
  // Stores for AttioConnections, as docs/connections.md shows them.
  "keyv",
  "@keyv/postgres",
];

/** Long enough for a cold npm cache; a warm install takes seconds. */
export const SETUP_TIMEOUT_MS = 240_000;

export interface Consumer {
  /** The project directory. */
  readonly dir: string;
  /** The tarball it installed. */
  readonly tarball: string;
  /** Loads a module as code in the project would. */
  require<T>(id: string): T;
  /** The installed passport-attio. */
  attio(): typeof import("passport-attio");
  /** Runs a program (in the project unless `cwd` says otherwise); rejects with its output when it exits non-zero. */
  run(file: string, args: readonly string[], options?: { cwd?: string; timeoutMs?: number }): Promise<RunResult>;
  /** Runs the TypeScript compiler of this repository on one of the project's tsconfigs. */
  tsc(project: string): Promise<RunResult>;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

let consumer: Promise<Consumer> | undefined;

/** The shared consumer project, created (pack, install) on first use. */
export function consumerProject(): Promise<Consumer> {
  consumer ??= createConsumer();
  return consumer;
}

/**
 * For a `describe` block: a `before` hook that waits for the consumer project (the
 * first one to run pays for pack and install), and a getter for the hooks and tests after it.
 */
export function useConsumer(): () => Consumer {
  let ready: Consumer | undefined;
  before(async function () {
    this.timeout(SETUP_TIMEOUT_MS);
    ready = await consumerProject();
  });
  return () => {
    if (!ready) throw new Error("The consumer project is not set up: call useConsumer() inside describe().");
    return ready;
  };
}

async function createConsumer(): Promise<Consumer> {
  const workspace = mkdtempSync(join(tmpdir(), "passport-attio-consumer-"));
  process.once("exit", () => rmSync(workspace, { recursive: true, force: true }));
  const tarball = await pack(workspace);
  const dir = join(workspace, "app");
  cpSync(CONSUMER_FILES, dir, { recursive: true });
  const dependencies = Object.fromEntries(CONSUMER_DEPENDENCIES.map((name) => [name, lockedSpec(name)]));
  const manifest = {
    name: "consumer",
    private: true,
    type: "commonjs",
    dependencies: { "passport-attio": `file:${tarball}`, ...dependencies },
    // The versions held back here for Node.js 20 (npm test passes `engine-strict` on to this install).
    overrides: rootOverrides(),
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const npmFlags = ["--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts", "--loglevel=error"];
  await run("npm", ["install", ...npmFlags], dir, SETUP_TIMEOUT_MS);
  const requireFromConsumer = createRequire(join(dir, "package.json"));
  return {
    dir,
    tarball,
    require: <T>(id: string) => requireFromConsumer(id) as T,
    attio: () => requireFromConsumer("passport-attio") as typeof import("passport-attio"),
    run: (file, args, options) => run(file, args, options?.cwd ?? dir, options?.timeoutMs ?? 60_000),
    tsc: (project) => run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", project, "--pretty", "false"], dir, 180_000),
  };
}

/** Packs this repository's package into `workspace`; `npm test` has just built dist/. */
async function pack(workspace: string): Promise<string> {
  if (!existsSync(join(ROOT, "dist/index.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
  const destination = join(workspace, "pack");
  mkdirSync(destination);
  // --ignore-scripts: prepack would build dist/ a second time.
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination], ROOT, 60_000);
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no file: ${stdout}`);
  return join(destination, packed.filename);
}

function rootOverrides(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { overrides?: Record<string, string> };
  return manifest.overrides ?? {};
}

/** `name`'s version as installed here, as a dependency spec (aliases such as `express4` included). */
function lockedSpec(name: string): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { name: string; version: string };
  return manifest.name === name ? manifest.version : `npm:${manifest.name}@${manifest.version}`;
}

function run(file: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  // Coverage is of src/ in this process; npm and tsc need not write theirs.
  const { NODE_V8_COVERAGE: _coverage, ...env } = process.env;
  return new Promise((resolvePromise, reject) => {
    execFile(file, args, { cwd, env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, encoding: "utf8" }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${[file, ...args].join(" ")} failed (${err.message.split("\n")[0]}):\n${stdout}\n${stderr}`));
      else resolvePromise({ stdout, stderr });
    });
  });
}
