/**
 * The apps of the framework pages in docs/, as their readers paste them: the
 * `// file: name.ts` blocks of a page, written into the consumer project and
 * loaded from there, so they run against the packed package and the consumer's
 * frameworks. Each page's `app.ts` exports `buildApp(attioOptions)`.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AttioStrategyOptions } from "passport-attio";
import { typeScriptBlocks } from "./doc-examples";
import { Consumer, ROOT } from "./packed";

/** Writes the named blocks of `docPath` under `consumer.dir/doc-apps/<dirName>`; returns that folder. */
export function writeDocApp(consumer: Consumer, docPath: string, dirName: string, aliases: Readonly<Record<string, string>> = {}): string {
  const dir = join(consumer.dir, "doc-apps", dirName);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const block of typeScriptBlocks(readFileSync(join(ROOT, docPath), "utf8"))) {
    const name = /^\/\/ file: ([\w.-]+\.ts)\n/.exec(block.code)?.[1];
    if (name) writeFileSync(join(dir, name), block.code);
  }
  // `import "express"` in this folder loads `aliases.express` (say, express4) of the consumer instead.
  for (const [name, target] of Object.entries(aliases)) {
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(join(consumer.dir, "node_modules", target), join(dir, "node_modules", name), "dir");
  }
  return dir;
}

/** Loads `file` of a doc app folder and returns its `buildApp`. */
export function loadBuildApp<App>(consumer: Consumer, dir: string, file = "app.ts"): (attio: AttioStrategyOptions) => App {
  const { buildApp } = consumer.require<{ buildApp?: (attio: AttioStrategyOptions) => App }>(join(dir, file));
  if (typeof buildApp !== "function") throw new Error(`${join(dir, file)} exports no buildApp()`);
  return buildApp;
}
