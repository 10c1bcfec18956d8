/**
 * docs/testing.md's examples for mocha, node:test, Jest and Vitest, run as they
 * are written (ES modules) and as CommonJS, in a project that installed the
 * packed package: each signs in through passport-attio/testing with autoApprove.
 */
import { expect } from "chai";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, useConsumer } from "../helpers/packed";

const JEST_CONFIG = JSON.stringify({
  testMatch: ["**/sign-in.test.mjs", "**/sign-in.test.cjs"],
  moduleFileExtensions: ["js", "mjs", "cjs", "json"],
  transform: {},
  testEnvironment: "node",
});

interface Runner {
  /** Node's arguments that run one test file. */
  args(file: string, esm: boolean): readonly string[];
  /** How the runner reports one test passed and none failed. */
  readonly passed: RegExp;
}

const RUNNERS: Readonly<Record<string, Runner>> = {
  mocha: { args: (file) => ["node_modules/mocha/bin/mocha.js", "--reporter", "dot", file], passed: /\b1 passing\b/ },
  "node:test": { args: (file) => ["--test", "--test-reporter", "tap", file], passed: /^# pass 1\n# fail 0$/m },
  // Jest runs ES modules only behind node's VM-modules flag.
  Jest: {
    args: (file, esm) => [
      ...(esm ? ["--experimental-vm-modules"] : []),
      "node_modules/jest/bin/jest.js",
      "--ci",
      "--config",
      JEST_CONFIG,
      file,
    ],
    passed: /^Tests:\s+1 passed, 1 total$/m,
  },
  // Vitest cannot be require()d: in CommonJS its functions are globals.
  Vitest: {
    args: (file, esm) => ["node_modules/vitest/vitest.mjs", "run", ...(esm ? [] : ["--globals"]), file],
    passed: /Tests\s+1 passed \(1\)/,
  },
};

describe("ecosystem: docs/testing.md's examples in mocha, node:test, Jest and Vitest", function () {
  this.timeout(120_000);
  const consumer = useConsumer();
  const examples = documentedExamples();

  it("documents exactly one example per runner", () => {
    expect([...examples.keys()]).to.deep.equal(Object.keys(RUNNERS));
  });

  for (const [runner, { args, passed }] of Object.entries(RUNNERS)) {
    for (const esm of [true, false]) {
      it(`${runner}, as ${esm ? "an ES module" : "CommonJS"}: signs in through passport-attio/testing`, async () => {
        const source = examples.get(runner) ?? "";
        const dir = join(consumer().dir, "runners", runner.replace(":", "-"), esm ? "esm" : "cjs");
        mkdirSync(dir, { recursive: true });
        const file = join(dir, esm ? "sign-in.test.mjs" : "sign-in.test.cjs");
        writeFileSync(file, esm ? source : toCommonJS(source));
        const { stdout, stderr } = await consumer().run(process.execPath, args(file, esm), { timeoutMs: 110_000 });
        // A non-zero exit rejects; the report must also say the one test ran and passed.
        // eslint-disable-next-line no-control-regex
        expect(`${stdout}\n${stderr}`.replace(/\x1b\[[0-9;]*m/g, "")).to.match(passed);
      });
    }
  }
});

/** The js blocks under docs/testing.md's headings, by heading. */
function documentedExamples(): Map<string, string> {
  const text = readFileSync(join(ROOT, "docs/testing.md"), "utf8");
  const examples = new Map<string, string>();
  for (const match of text.matchAll(/^### (.+)\n\n```js\n([\s\S]*?)\n```$/gm)) examples.set(match[1] ?? "", `${match[2] ?? ""}\n`);
  return examples;
}

/** The same test as CommonJS: every `import` a `require`, but Vitest's (globals there, with --globals). */
function toCommonJS(source: string): string {
  const converted = source
    .replace(/^import \{ [^}]+ \} from "vitest";$/m, "// describe, it, beforeAll and afterAll: Vitest's globals (vitest run --globals).")
    .replace(/^import (\w+) from ("[^"]+");$/gm, "const $1 = require($2);")
    .replace(/^import \{ ([^}]+) \} from ("[^"]+");$/gm, "const { $1 } = require($2);")
    .replace("sign-in.test.mjs", "sign-in.test.cjs");
  if (/^import /m.test(converted)) throw new Error(`an import was left in:\n${converted}`);
  return converted;
}
