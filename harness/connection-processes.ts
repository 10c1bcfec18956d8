/** App processes sharing a connection store, driven round by round (see connection-worker.ts). */
import { ChildProcess, spawn } from "node:child_process";
import { createInterface, Interface } from "node:readline";
import { join } from "node:path";
import type { WorkerRound, WorkerStore } from "./connection-worker";

const WORKER = join(__dirname, "connection-worker.ts");
const START_TIMEOUT_MS = 20_000;

export interface WorkerSetup {
  readonly store: WorkerStore;
  readonly storeUrl: string;
  readonly sandboxUrl: string;
  readonly secret: string;
  /** Concurrent getAccessToken calls per process per round. */
  readonly calls?: number;
}

export interface Workers {
  /** Every process calls getAccessToken(id) `calls` times at once; resolves with each one's round. */
  round(id: string): Promise<WorkerRound[]>;
  close(): Promise<void>;
}

export async function startWorkers(count: number, setup: WorkerSetup): Promise<Workers> {
  const workers = await Promise.all(Array.from({ length: count }, () => startWorker(setup)));
  return {
    round: (id) => Promise.all(workers.map((worker) => worker.ask(`go ${id}`))),
    close: async () => void (await Promise.all(workers.map((worker) => worker.close()))),
  };
}

interface Worker {
  ask(line: string): Promise<WorkerRound>;
  close(): Promise<void>;
}

async function startWorker(setup: WorkerSetup): Promise<Worker> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    env: {
      ...process.env,
      STORE: setup.store,
      STORE_URL: setup.storeUrl,
      SANDBOX_URL: setup.sandboxUrl,
      SECRET: setup.secret,
      CALLS: String(setup.calls ?? 5),
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-4000)));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const next = nextLine(lines, child, () => stderr);
  const ready = await withTimeout(next(), START_TIMEOUT_MS, "worker start");
  if (ready !== "ready") throw new Error(`worker did not start: ${ready}\n${stderr}`);
  return {
    ask: async (line) => {
      child.stdin?.write(`${line}\n`);
      return JSON.parse(await withTimeout(next(), START_TIMEOUT_MS, "worker round")) as WorkerRound;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin?.end("exit\n");
      await withTimeout(exited, 5000, "worker exit").catch(() => child.kill("SIGKILL"));
    },
  };
}

/** Reads stdout line by line; rejects when the process ends first. */
function nextLine(lines: Interface, child: ChildProcess, stderr: () => string): () => Promise<string> {
  const queue: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  lines.on("line", (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(line);
    else queue.push(line);
  });
  child.once("exit", () => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`worker exited:\n${stderr()}`));
  });
  return () => {
    const line = queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (child.exitCode !== null) return Promise.reject(new Error(`worker exited:\n${stderr()}`));
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
