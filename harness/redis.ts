/**
 * A throwaway redis-server for tests and the bench: Debian's binary (`npm test` installs it
 * through scripts/ensure-redis.sh) on a free loopback port, with a random
 * password, no persistence and a temporary working directory. `stop()` ends it;
 * should a test run end without calling it, the process is killed on exit.
 */
import { ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closedPort } from "./server";

export const REDIS_SERVER_PATH = process.env["REDIS_SERVER_PATH"] ?? "/usr/bin/redis-server";

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 3;

export interface RunningRedis {
  /** `redis://:password@127.0.0.1:port`, as REDIS_URL would hold it. */
  readonly url: string;
  /** Stops the server and starts a new, empty one at the same URL (Redis restarted). */
  restart(): Promise<void>;
  /** Ends the server (SIGTERM, then SIGKILL) and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Skips the suite when redis-server is missing on a developer's machine, and
 * fails it under CI=true, where the Redis tests must run.
 */
export function requireRedis(context: Mocha.Context): void {
  try {
    accessSync(REDIS_SERVER_PATH, constants.X_OK);
    return;
  } catch {
    const why = `redis-server is not installed at ${REDIS_SERVER_PATH} (run: bash scripts/ensure-redis.sh as root, or set REDIS_SERVER_PATH).`;
    if (process.env["CI"] === "true") throw new Error(why);
    context.skip();
  }
}

/** Starts redis-server and resolves once it accepts connections. */
export async function startRedis(): Promise<RunningRedis> {
  const password = randomBytes(16).toString("hex");
  for (let attempt = 1; ; attempt += 1) {
    const port = await closedPort();
    try {
      let server = await launch(port, password);
      return {
        url: `redis://:${password}@127.0.0.1:${port}`,
        restart: async () => {
          await server.stop();
          server = await launch(port, password);
        },
        stop: () => server.stop(),
      };
    } catch (err) {
      // Another process may take the port between our probe and the server's bind.
      if (!(err instanceof PortTaken) || attempt === PORT_ATTEMPTS) throw err;
    }
  }
}

class PortTaken extends Error {}

/**
 * Waits for a server process to be `ready`, and returns how to stop it (and
 * remove `dir`). It is killed should the test run end first; a server that
 * fails to start is stopped before the error is passed on.
 */
export async function supervise(
  child: ChildProcess,
  dir: string,
  ready: (child: ChildProcess) => Promise<void>,
): Promise<() => Promise<void>> {
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = once(async () => {
    process.removeListener("exit", killOnExit);
    await terminate(child);
    await rm(dir, { recursive: true, force: true });
  });
  try {
    await ready(child);
  } catch (err) {
    await stop();
    throw err;
  }
  return stop;
}

/** One redis-server process. */
async function launch(port: number, password: string): Promise<{ stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "redis-test-"));
  // The configuration goes in on stdin (`redis-server -`), so the password is not on the command line.
  const child = spawn(REDIS_SERVER_PATH, ["-"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
  // A server that fails to start closes stdin early; its log says why, not an EPIPE.
  child.stdin.on("error", () => undefined);
  child.stdin.end(config(port, password, dir));
  return { stop: await supervise(child, dir, ready) };
}

function config(port: number, password: string, dir: string): string {
  return [
    `port ${port}`,
    "bind 127.0.0.1",
    "protected-mode yes",
    `requirepass ${password}`,
    'save ""',
    "appendonly no",
    `dir ${dir}`,
    'logfile ""',
    "daemonize no",
    "",
  ].join("\n");
}

/** Resolves on "Ready to accept connections"; the log is kept, unprinted, to explain a failed start. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = "";
    const onData = (chunk: Buffer) => {
      // Only the start is kept; the listener stays so the pipe never fills up and blocks the server.
      if (log.length < 20_000) log += chunk.toString("utf8");
      if (log.includes("Ready to accept connections")) settle();
    };
    const onExit = () =>
      settle(log.includes("Address already in use") ? new PortTaken(log) : new Error(`redis-server exited at start:\n${log}`));
    const timer = setTimeout(
      () => settle(new Error(`redis-server did not start within ${START_TIMEOUT_MS} ms:\n${log}`)),
      START_TIMEOUT_MS,
    );
    const settle = (err?: Error) => {
      clearTimeout(timer);
      child.removeListener("exit", onExit);
      child.removeListener("error", onExit);
      if (err) reject(err);
      else resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onExit);
  });
}

/** SIGTERM (redis shuts down at once: it has nothing to save), then SIGKILL if it lingers. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), STOP_TIMEOUT_MS)));
  if ((await Promise.race([exited, late])) === "late") {
    child.kill("SIGKILL");
    await exited;
  }
  clearTimeout(timer);
}

/** `fn` runs at most once; later calls get the first call's promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
