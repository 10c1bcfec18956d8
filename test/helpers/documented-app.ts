/**
 * Runs an app exactly as a document shows it: its TypeScript block, compiled as `tsc`
 * would, in its own process inside the consumer project (so it loads the packed
 * package), with its settings in the environment it documents. The only change
 * is the one a test must make to keep Attio on loopback: the Attio sandbox's URLs,
 * given through the strategy's documented `authorizationURL`, `tokenURL` and
 * `apiURL` options.
 */
import { ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { typeScriptBlocks } from "./doc-examples";
import type { Consumer } from "./packed";
import { closedPort } from "../../harness/server";

/** How long an app may take to answer its first request. */
const START_TIMEOUT_MS = 15_000;

/** The first TypeScript block of the Markdown section that starts with `heading`. */
export function sectionCode(markdown: string, heading: string): string {
  const lines = markdown.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(heading)?.[0].length ?? 1;
  const end = lines.findIndex((line, index) => index > start && /^#+ /.test(line) && (/^#+/.exec(line)?.[0].length ?? 0) <= level);
  const [block] = typeScriptBlocks(lines.slice(start, end < 0 ? undefined : end).join("\n"));
  if (!block) throw new Error(`no TypeScript block in "${heading}"`);
  return block.code;
}

/** Where the strategy's options point Attio; the sandbox's origin in tests. */
export interface AttioURLs {
  readonly authorizationURL: string;
  readonly tokenURL: string;
  readonly apiURL: string;
}

/** `code` with the sandbox's URLs added to the options of its one `new AttioStrategy({ … })`. */
export function pointedAt(code: string, urls: AttioURLs): string {
  const opening = /new AttioStrategy\(\s*\{/g;
  const found = code.match(opening) ?? [];
  if (found.length !== 1) throw new Error(`expected one \`new AttioStrategy({\`, found ${found.length}`);
  const options = Object.entries(urls)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)},`)
    .join(" ");
  return code.replace(opening, (match) => `${match} ${options}`);
}

export interface RunningApp {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** What the process printed, stdout and stderr together. */
  output(): string;
  stop(): Promise<void>;
}

/** Compiles `code`, writes it into the consumer project as `name`.cjs, and starts it with `env` and a free `PORT`. */
export async function startDocumentedApp(
  consumer: Consumer,
  name: string,
  code: string,
  env: (origin: string) => Readonly<Record<string, string>>,
): Promise<RunningApp> {
  const { outputText } = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const file = join(consumer.dir, `${name}.cjs`);
  writeFileSync(file, outputText);
  const port = await closedPort();
  const origin = `http://127.0.0.1:${port}`;
  // Coverage is of src/ in this process; the app need not write its own.
  const { NODE_V8_COVERAGE: _coverage, ...inherited } = process.env;
  const child = spawn(process.execPath, [file], {
    cwd: consumer.dir,
    env: { ...inherited, ...env(origin), PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const app: RunningApp = { origin, output: () => printed, stop: () => stop(child) };
  try {
    await answering(origin, child);
  } catch (err) {
    await app.stop();
    throw new Error(`${name} did not start: ${(err as Error).message}\n${printed}`);
  }
  return app;
}

async function answering(origin: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with ${child.exitCode}`);
    try {
      await (await fetch(origin, { signal: AbortSignal.timeout(1000) })).arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`no answer within ${START_TIMEOUT_MS} ms`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}
