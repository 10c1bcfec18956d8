/** What `npm pack` ships, and that it loads as an ES module and as CommonJS. */
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ROOT, useConsumer } from "../helpers/packed";

describe("ecosystem: the packed package", function () {
  this.timeout(60_000);
  const consumer = useConsumer();

  it("ships the build with its maps and declarations, the sources they map to, the readme, licence and changelog", async () => {
    const { stdout } = await consumer().run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
    const [packed] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const paths = packed.files.map((file) => file.path);
    const shipped = (path: string) =>
      ["CHANGELOG.md", "LICENSE", "README.md", "package.json", "testing/package.json"].includes(path) ||
      /^dist\/.+\.(js|mjs|d\.ts|d\.mts)(\.map)?$/.test(path) ||
      /^src\/.+\.ts$/.test(path);
    expect(paths.filter((path) => !shipped(path))).to.deep.equal([]);
    expect(paths).to.include.members([
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/index.mjs",
      "dist/index.d.mts",
      "dist/testing/index.js",
      "dist/testing/index.d.ts",
      "dist/testing/index.mjs",
      "dist/testing/index.d.mts",
      "testing/package.json",
    ]);
    // Every source shipped is compiled, so a file that is not part of the build cannot slip in.
    const sources = paths.filter((path) => path.startsWith("src/"));
    expect(sources.filter((path) => !paths.includes(path.replace(/^src\/(.+)\.ts$/, "dist/$1.js")))).to.deep.equal([]);
  });

  it("has no source map that points at a file it does not ship", () => {
    const installed = join(consumer().dir, "node_modules/passport-attio");
    const maps = listFiles(join(installed, "dist")).filter((file) => file.endsWith(".map"));
    expect(maps.length).to.be.greaterThan(0);
    const dangling = maps.flatMap((map) => {
      const { sources, sourceRoot = "" } = JSON.parse(readFileSync(map, "utf8")) as { sources: string[]; sourceRoot?: string };
      return sources.map((source) => resolve(dirname(map), sourceRoot, source)).filter((source) => !existsSync(source));
    });
    expect(dangling).to.deep.equal([]);
  });

  it("passes publint (strict)", async () => {
    const { stdout } = await consumer().run(join(ROOT, "node_modules/.bin/publint"), ["run", consumer().tarball, "--strict"]);
    expect(stdout).to.include("All good!");
  });

  it("passes Are the Types Wrong (every resolution mode)", async () => {
    // Exits non-zero and prints the problems when there are any.
    await consumer().run(join(ROOT, "node_modules/.bin/attw"), [
      consumer().tarball,
      "--profile",
      "strict",
      "--no-definitely-typed",
      "--format",
      "ascii",
    ]);
  });

  it("imports as an ES module with the same exports and classes as require()", async () => {
    const { stdout } = await consumer().run(process.execPath, ["runtime/exports.mjs"]);
    const result = JSON.parse(stdout) as {
      esm: string[];
      cjs: string[];
      sameClass: boolean;
      strategyName: string;
      instanceOfCjsClass: boolean;
      testing: string[];
      cjsTesting: string[];
      sameSandbox: boolean;
    };
    expect(result.esm).to.deep.equal(result.cjs);
    expect(result.esm).to.include.members([
      "AttioStrategy",
      "Strategy",
      "ATTIO_SCOPES",
      "refreshAccessToken",
      "checkAccessToken",
      "AttioError",
    ]);
    expect(result).to.include({ sameClass: true, strategyName: "attio", instanceOfCjsClass: true, sameSandbox: true });
    expect(result.testing).to.deep.equal(["DEMO_MEMBERS", "DEMO_WORKSPACE", "startAttioSandbox"]);
    expect(result.cjsTesting).to.deep.equal(result.testing);
  });

  it("loads with require()", async () => {
    const { stdout } = await consumer().run(process.execPath, ["runtime/require.cjs"]);
    expect(JSON.parse(stdout)).to.deep.include({
      aliased: true,
      strategyName: "attio",
      scopes: 37,
      sandboxLoaded: false,
      sandboxLoadedOnRequest: true,
      testing: ["DEMO_MEMBERS", "DEMO_WORKSPACE", "startAttioSandbox"],
    });
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
