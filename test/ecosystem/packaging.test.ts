/** What `npm pack` ships, and that it loads as an ES module and as CommonJS. */
import { expect } from "chai";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT, useConsumer } from "../helpers/packed";

describe("ecosystem: the packed package", function () {
  this.timeout(60_000);
  const consumer = useConsumer();

  it("ships only the build, the declarations, the licence, the changelog and the readme", async () => {
    const { stdout } = await consumer().run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
    const [packed] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const paths = packed.files.map((file) => file.path).sort();
    const documents = ["CHANGELOG.md", "LICENSE", "package.json", ...(existsSync(join(ROOT, "README.md")) ? ["README.md"] : [])];
    expect(paths.filter((path) => !path.startsWith("dist/"))).to.deep.equal(documents.sort());
    expect(paths).to.include.members(["dist/index.js", "dist/index.d.ts", "dist/index.mjs", "dist/index.d.mts"]);
    expect(paths.filter((path) => !/^dist\/.+\.(js|mjs|d\.ts|d\.mts)$/.test(path) && path.startsWith("dist/"))).to.deep.equal([]);
  });

  it("passes publint (strict)", async () => {
    const { stdout } = await consumer().run(join(ROOT, "node_modules/.bin/publint"), ["run", consumer().tarball, "--strict"]);
    expect(stdout).to.include("All good!");
  });

  it("passes Are the Types Wrong (every resolution mode)", async () => {
    // Exits non-zero and prints the problems when there are any.
    await consumer().run(join(ROOT, "node_modules/.bin/attw"), [consumer().tarball, "--profile", "strict", "--no-definitely-typed", "--format", "ascii"]);
  });

  it("imports as an ES module with the same exports and classes as require()", async () => {
    const { stdout } = await consumer().run(process.execPath, ["runtime/exports.mjs"]);
    const result = JSON.parse(stdout) as { esm: string[]; cjs: string[]; sameClass: boolean; strategyName: string; instanceOfCjsClass: boolean };
    expect(result.esm).to.deep.equal(result.cjs);
    expect(result.esm).to.include.members(["AttioStrategy", "Strategy", "ATTIO_SCOPES", "refreshAccessToken", "checkAccessToken", "AttioError"]);
    expect(result).to.include({ sameClass: true, strategyName: "attio", instanceOfCjsClass: true });
  });

  it("loads with require()", async () => {
    const { stdout } = await consumer().run(process.execPath, ["runtime/require.cjs"]);
    expect(JSON.parse(stdout)).to.deep.include({ aliased: true, strategyName: "attio", scopes: 37 });
  });
});
