/**
 * TypeScript apps compile against the packed package under `strict`, as ES modules
 * and CommonJS (moduleResolution node16), with moduleResolution bundler, and in an
 * older node10 setup; the type tests of test/types run against the packed
 * declarations too. The node16 and node10 builds check the libraries' declarations
 * as well (skipLibCheck off), so an error inside ours cannot hide; the bundler build
 * skips them, as they resolve to the same files.
 */
import { expect } from "chai";
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, useConsumer } from "../helpers/packed";

describe("ecosystem: TypeScript consumers", function () {
  this.timeout(180_000);
  const consumer = useConsumer();

  before(() => {
    const typed = join(consumer().dir, "typed");
    // One source, compiled as an ES module (.mts) and as CommonJS (.cts) under node16.
    copyFileSync(join(typed, "usage.ts"), join(typed, "usage.mts"));
    copyFileSync(join(typed, "usage.ts"), join(typed, "usage.cts"));
    mkdirSync(join(typed, "types"), { recursive: true });
    for (const file of readdirSync(join(ROOT, "test/types"))) copyFileSync(join(ROOT, "test/types", file), join(typed, "types", file));
  });

  for (const resolution of ["node16", "bundler"]) {
    it(`compiles under strict with moduleResolution ${resolution}`, async () => {
      const { stdout } = await consumer().tsc(`tsconfig.${resolution}.json`);
      expect(stdout).to.equal("");
    });
  }

  it("names the missing field when a verify's user does not fit the augmented Express.User", async () => {
    const failure = await consumer()
      .tsc("tsconfig.mismatch.json")
      .then(
        () => "compiled",
        (err: Error) => err.message,
      );
    expect(failure).to.include("Property 'workspaceId' is missing in type '{ id: string; }' but required in type 'User'.");
    expect(failure).not.to.include("is not assignable to type 'void'");
  });

  it("compiles in an older CommonJS setup (moduleResolution node10, no esModuleInterop)", async () => {
    const { stdout } = await consumer().tsc("tsconfig.node10.json");
    expect(stdout).to.equal("");
  });
});
