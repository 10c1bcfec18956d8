/**
 * Accounting for the hostile-input and fault suite. Every case runs through
 * {@link hostileCase}, which watches for
 *  - crashes: an unhandled rejection or uncaught exception while the case runs,
 *    or a 500 page that shows a stack trace;
 *  - hangs: no outcome within the case's deadline (the strategy's timeout, for
 *    every request a login makes, plus a margin);
 *  - leaks: a secret (client secret, token, code, PKCE verifier, cookie or session
 *    secret), in any encoding or in part (see leaks.ts), in a response body, a header (Location included), an error or
 *    failure message, or anything written to the console during the case.
 * The suite prints one line at the end, `hostile: N cases, 0 crashes, 0 hangs, 0 leaks`,
 * and fails if any figure but the first is not zero.
 */
import { format, inspect } from "node:util";
import { expect } from "chai";
import { findLeaks } from "./leaks";

export { findLeaks };

/** What a case ended in, as a person (or a log) would see it. */
export type Outcome =
  | { readonly kind: "success"; readonly status: number; readonly body: Record<string, unknown> }
  | { readonly kind: "failure"; readonly status: number; readonly message: string | null; readonly code?: string }
  | { readonly kind: "error"; readonly status: number; readonly name: string; readonly code: string | undefined; readonly message: string }
  | { readonly kind: "redirect"; readonly status: number; readonly location: string }
  | { readonly kind: "rejected"; readonly status: number; readonly reason: string }
  | { readonly kind: "crash"; readonly status: number; readonly reason: string };

export type OutcomeKind = Outcome["kind"];

/** An outcome with everything it exposed, for the leak check. */
export interface Observed {
  readonly outcome: Outcome;
  /** Bodies, headers and messages the case produced. */
  readonly exposed: readonly string[];
}

/** What a case may end in; anything else fails the test (and crashes and hangs are counted too). */
export interface CaseExpectation {
  readonly kinds: readonly OutcomeKind[];
  /** For an error outcome: the expected `code` (or error name when there is no code); for a failure, its `info.code`. */
  readonly code?: string | RegExp;
  /** For a failure or error outcome: the message must match. */
  readonly message?: RegExp;
}

export interface CaseOptions {
  /** Secrets to look for, read once the case has run (so values seen during it count). */
  readonly secrets: () => readonly string[];
  /** Beyond this the case is a hang. */
  readonly deadlineMs: number;
}

const tally = { cases: 0, crashes: 0, hangs: 0, leaks: 0 };
const incidents: string[] = [];
const processFaults: string[] = [];

const onProcessFault = (reason: unknown) => processFaults.push(inspect(reason));

/** Installs the crash listeners for the enclosing describe. */
export function useHostileHarness(): void {
  before(() => {
    process.on("unhandledRejection", onProcessFault);
    process.on("uncaughtException", onProcessFault);
  });
  after(() => {
    process.off("unhandledRejection", onProcessFault);
    process.off("uncaughtException", onProcessFault);
  });
}

/** Runs one hostile case, counts it, and checks its outcome against `expectation`. */
export async function hostileCase(
  label: string,
  run: () => Promise<Observed>,
  expectation: CaseExpectation,
  options: CaseOptions,
): Promise<Outcome> {
  tally.cases += 1;
  const faultsBefore = processFaults.length;
  const output = captureOutput();
  let observed: Observed | "hang";
  try {
    observed = await withDeadline(run(), options.deadlineMs);
    await settle();
  } finally {
    output.stop();
  }
  const outcome = observed === "hang" ? undefined : observed.outcome;
  if (process.env["HOSTILE_DEBUG"]) process.stderr.write(`${label}: ${inspect(outcome, { breakLength: Infinity })}\n`);
  const crashed = processFaults.length > faultsBefore || outcome?.kind === "crash";
  if (observed === "hang") record("hangs", label, `no outcome within ${options.deadlineMs} ms`);
  if (crashed) record("crashes", label, processFaults.slice(faultsBefore).join(" | ") || (outcome?.kind === "crash" ? outcome.reason : ""));
  const leaked = findLeaks([...(observed === "hang" ? [] : observed.exposed), output.text()], options.secrets());
  if (leaked.length > 0) record("leaks", label, `exposed ${leaked.map((secret) => `${secret.slice(0, 4)}…`).join(", ")}`);
  expect(observed, `${label}: hang`).not.to.equal("hang");
  checkExpectation(label, outcome as Outcome, expectation);
  return outcome as Outcome;
}

function record(kind: "crashes" | "hangs" | "leaks", label: string, detail: string): void {
  tally[kind] += 1;
  incidents.push(`${{ crashes: "crash", hangs: "hang", leaks: "leak" }[kind]}: ${label}: ${detail.slice(0, 500)}`);
}

function checkExpectation(label: string, outcome: Outcome, expectation: CaseExpectation): void {
  expect(expectation.kinds, `${label}: outcome ${inspect(outcome, { depth: 3 })}`).to.include(outcome.kind);
  if (outcome.kind === "failure") {
    expect(outcome.message, `${label}: a failure must say why`).to.be.a("string").and.not.equal("");
    if (expectation.code !== undefined) expect(outcome.code, `${label}: ${outcome.message}`).to.match(asPattern(expectation.code));
  }
  if (outcome.kind === "error") {
    expect(outcome.message, `${label}: an error must say why`).to.be.a("string").and.not.equal("");
    if (expectation.code !== undefined)
      expect(outcome.code ?? outcome.name, `${label}: ${outcome.message}`).to.match(asPattern(expectation.code));
  }
  if (expectation.message && (outcome.kind === "failure" || outcome.kind === "error")) {
    expect(outcome.message, label).to.match(expectation.message);
  }
}

function asPattern(code: string | RegExp): RegExp {
  return typeof code === "string" ? new RegExp(`^${code}$`) : code;
}

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | "hang"> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"hang">((resolve) => (timer = setTimeout(resolve, ms, "hang")));
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets late rejections and exceptions from the case surface before it is judged. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

type ConsoleMethod = "log" | "info" | "warn" | "error" | "debug" | "trace";
const CONSOLE_METHODS: readonly ConsoleMethod[] = ["log", "info", "warn", "error", "debug", "trace"];

/** Swallows and keeps everything written to the console or stdio while a case runs. */
function captureOutput(): { stop(): void; text(): string } {
  const written: string[] = [];
  const consoleOriginals = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const method of CONSOLE_METHODS) console[method] = (...args: unknown[]) => void written.push(format(...args));
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const keep = ((chunk: unknown) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stdout.write = keep;
  process.stderr.write = keep;
  return {
    stop() {
      for (const [method, original] of consoleOriginals) console[method] = original;
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    },
    text: () => written.join("\n"),
  };
}

// One line for the whole run, after every test, whichever files ran.
after(function hostileSummary() {
  if (tally.cases === 0) return;
  // On a line of its own, after the reporter's dots.
  console.log(`\nhostile: ${tally.cases} cases, ${tally.crashes} crashes, ${tally.hangs} hangs, ${tally.leaks} leaks`);
  if (tally.crashes + tally.hangs + tally.leaks > 0) throw new Error(`hostile suite found problems:\n${incidents.join("\n")}`);
});
