/** Every TypeScript example in README.md and docs/*.md compiles against the packed package. */
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkExamples, Document, typeScriptBlocks } from "../helpers/doc-examples";
import { ROOT, useConsumer } from "../helpers/packed";

/** README.md and the Markdown files of docs/ (not the generated API reference). */
function documents(): Document[] {
  const docs = existsSync(join(ROOT, "docs")) ? readdirSync(join(ROOT, "docs")).filter((name) => name.endsWith(".md")) : [];
  const paths = [...(existsSync(join(ROOT, "README.md")) ? ["README.md"] : []), ...docs.sort().map((name) => `docs/${name}`)];
  return paths.map((path) => ({ path, markdown: readFileSync(join(ROOT, path), "utf8") }));
}

describe("ecosystem: documentation examples", function () {
  this.timeout(60_000);
  const consumer = useConsumer();

  it("finds the ts and typescript blocks, with their lines, in lists too", () => {
    const markdown = [
      "# Title",
      "```ts",
      "const a = 1;",
      "```",
      "```js",
      "const b = 2;",
      "```",
      "1. Step",
      "   ```typescript",
      "   const c = 3;",
      "   ```",
    ].join("\n");
    expect(typeScriptBlocks(markdown)).to.deep.equal([
      { line: 3, code: "const a = 1;" },
      { line: 10, code: "const c = 3;" },
    ]);
  });

  it("type-checks every TypeScript example of README.md and docs/*.md", async () => {
    const { checked, errors } = await checkExamples(consumer(), documents());
    expect(errors.map((error) => `${error.at} ${error.message}`).join("\n\n")).to.equal("");
    expect(checked).to.be.greaterThan(0);
  });

  it("reports a wrong example at its line in its document, and skips one marked not-checked", async () => {
    const markdown = [
      "Intro",
      "```ts",
      'import { AttioStrategy } from "passport-attio";',
      "new AttioStrategy(",
      '  { clientID: "id", clientSecret: "secret", callbackURL: "/cb" },',
      "  async (accessToken, refreshToken, params, profile) => upsertUser(profile.workspace),",
      ");",
      "```",
      "```ts",
      "// not-checked",
      "this is not TypeScript",
      "```",
    ].join("\n");
    const { checked, errors } = await checkExamples(consumer(), [{ path: "docs/wrong.md", markdown }]);
    expect(checked).to.equal(1);
    expect(errors.map((error) => error.at)).to.deep.equal(["docs/wrong.md:6:68"]);
    expect(errors[0]?.message).to.match(/^TS2345: Argument of type 'AttioWorkspace' is not assignable/);
  });
});
