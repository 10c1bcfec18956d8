// Builds dist/: the CommonJS build and its declarations (tsc), then for each entry point
// (passport-attio and passport-attio/testing) an ESM entry that re-exports it by name, so `import` and `require` share one copy of every class
// (an `instanceof AttioError` check holds whichever way the app loads the package).
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(import.meta.url);
const HEADER = "// ESM entry: the CommonJS build's exports, so import and require share one copy of each class.\n";

// A file left over from a removed source must not be packed.
rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { stdio: "inherit" });

// One ESM wrapper per entry point. Names listed explicitly: `export *` from CommonJS would also export `__esModule`.
for (const entry of ["index", "testing/index"]) {
  const names = Object.keys(require(resolve(`dist/${entry}.js`))).sort();
  writeFileSync(`dist/${entry}.mjs`, `${HEADER}export {\n${names.map((name) => `  ${name},\n`).join("")}} from "./index.js";\n`);
  writeFileSync(`dist/${entry}.d.mts`, `${HEADER}export * from "./index.js";\n`);
}
