/**
 * Type-checks the TypeScript examples of Markdown documents against the packed
 * package. Every ```ts (or ```typescript) block becomes a module of its own in
 * the consumer project, compiled with a small preamble that declares what the
 * examples take for granted (`app`, `upsertUser`…; see consumer/docs/preamble.d.ts).
 *
 * - A block whose first line is `// file: name.ts` is written under that name, so
 *   the blocks of one document can import each other (`./attio.strategy`).
 * - A block whose first line starts `// not-checked` is skipped: for fragments that
 *   cannot compile on their own (`// not-checked: signatures, not code`). Use it sparingly.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { Consumer, ROOT } from "./packed";

/** Where the blocks of every document are written, inside the consumer project. */
const EXAMPLES_DIR = "docs/examples";
const BASE_TSCONFIG = "tsconfig.docs.json";
const PREAMBLE = "docs/preamble.d.ts";
/** Compilers run at once: one per core of a small machine; more only fight over it. */
const TSC_AT_ONCE = 2;

export interface CodeBlock {
  /** The line of the block's first line of code in its document (1-based). */
  readonly line: number;
  readonly code: string;
}

export interface Document {
  /** The document's path in the repository, as errors name it (e.g. `docs/nestjs.md`). */
  readonly path: string;
  readonly markdown: string;
}

/** The TypeScript blocks of a Markdown text, with their positions; indented (list) fences included. */
export function typeScriptBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let open: { fence: string; indent: number; start: number; typescript: boolean } | undefined;
  lines.forEach((text, index) => {
    const fence = /^( *)(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (!open) {
      if (fence)
        open = {
          fence: fence[2] ?? "",
          indent: fence[1]?.length ?? 0,
          start: index + 1,
          typescript: /^(ts|typescript)$/i.test(fence[3] ?? ""),
        };
      return;
    }
    const closes = fence !== null && (fence[2] ?? "").startsWith(open.fence) && (fence[3] ?? "") === "";
    if (!closes) return;
    if (open.typescript) {
      const indent = open.indent;
      const code = lines.slice(open.start, index).map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)));
      blocks.push({ line: open.start + 1, code: code.join("\n") });
    }
    open = undefined;
  });
  return blocks;
}

/** A type error in an example, placed in its document. */
export interface ExampleError {
  /** `docs/nestjs.md:42:7`. */
  readonly at: string;
  readonly message: string;
}

/**
 * Type-checks the examples of `documents` in `consumer`; resolves to their errors (none when all
 * compile). Each document is a program of its own, so that one document's declarations (say, an
 * `Express.User` augmentation) do not leak into another's.
 */
export async function checkExamples(
  consumer: Consumer,
  documents: readonly Document[],
  settings: CheckSettings = {},
): Promise<{ checked: number; errors: ExampleError[] }> {
  const examplesDir = settings.esm ? `${EXAMPLES_DIR}-esm` : EXAMPLES_DIR;
  rmSync(join(consumer.dir, examplesDir), { recursive: true, force: true });
  const origins = new Map<string, { path: string; line: number }>();
  const programs = documents.map((document, index) =>
    writeExamples(consumer.dir, join(examplesDir, `doc-${index}`), document, origins, settings),
  );
  const tsconfigs = programs.filter((program) => program !== undefined);
  const outputs = await inTurns(tsconfigs, TSC_AT_ONCE, (tsconfig) =>
    consumer.tsc(tsconfig).then(
      (result) => result.stdout,
      (err: Error) => err.message,
    ),
  );
  return { checked: origins.size, errors: outputs.flatMap((output) => placeErrors(output, origins, consumer.dir)) };
}

/** How the examples are compiled. */
export interface CheckSettings {
  /** As ES modules of a `"type": "module"` package under moduleResolution nodenext, where relative imports need their extension. */
  readonly esm?: boolean;
}

/** Maps `items` through `run`, at most `width` at a time, keeping their order. */
async function inTurns<T, R>(items: readonly T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Writes a document's checked blocks and its tsconfig under `dir`; returns the tsconfig, or undefined when nothing is checked. */
function writeExamples(
  root: string,
  dir: string,
  document: Document,
  origins: Map<string, { path: string; line: number }>,
  settings: CheckSettings,
): string | undefined {
  let written = 0;
  for (const block of typeScriptBlocks(document.markdown)) {
    const firstLine = block.code.split("\n", 1)[0]?.trim() ?? "";
    if (firstLine.startsWith("// not-checked")) continue;
    const named = /^\/\/ file: ([\w./-]+\.ts)$/.exec(firstLine)?.[1];
    const file = join(dir, named ?? `example-line-${block.line}.ts`);
    mkdirSync(dirname(join(root, file)), { recursive: true });
    // `export {}` keeps each block a module, so blocks never share top-level names.
    writeFileSync(join(root, file), `${block.code}\nexport {};\n`);
    origins.set(file, { path: document.path, line: block.line });
    written += 1;
  }
  if (written === 0) return undefined;
  if (settings.esm) writeFileSync(join(root, dir, "package.json"), JSON.stringify({ type: "module" }));
  const tsconfig = {
    extends: relative(join(root, dir), join(root, BASE_TSCONFIG)),
    compilerOptions: {
      // A relative import (`./app`) resolves against the document's own folder, as a reader would.
      rootDirs: [".", dirname(join(ROOT, document.path))],
      ...(settings.esm ? { module: "nodenext", moduleResolution: "nodenext" } : {}),
    },
    include: ["**/*.ts", relative(join(root, dir), join(root, PREAMBLE))],
  };
  writeFileSync(join(root, dir, "tsconfig.json"), JSON.stringify(tsconfig));
  return join(dir, "tsconfig.json");
}

/** Maps tsc's `file(line,col): error TSxxxx: message` lines back to the Markdown they came from. */
function placeErrors(output: string, origins: ReadonlyMap<string, { path: string; line: number }>, dir: string): ExampleError[] {
  const errors: ExampleError[] = [];
  for (const line of output.split("\n")) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/.exec(line);
    if (match) {
      const [, file = "", row = "1", column = "1", message = ""] = match;
      const origin = origins.get(relative(dir, join(dir, file)));
      const at = origin ? `${origin.path}:${origin.line + Number(row) - 1}:${column}` : `${file}:${row}:${column}`;
      errors.push({ at, message });
    } else if (line.startsWith(" ") && errors.length > 0) {
      const last = errors.pop() as ExampleError;
      errors.push({ at: last.at, message: `${last.message}\n${line}` });
    }
  }
  if (errors.length === 0 && /error TS\d+/.test(output)) errors.push({ at: "tsc", message: output });
  return errors;
}
