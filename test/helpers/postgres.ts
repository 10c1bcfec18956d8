/**
 * A throwaway PostgreSQL server for tests: Debian's binaries (`npm test`
 * installs them through scripts/ensure-postgres.sh), a new cluster in a
 * temporary folder, a random password, a free loopback port. PostgreSQL refuses
 * to run as root, so as root the cluster belongs to, and runs as, `postgres`.
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, chownSync, constants, readdirSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { supervise } from "../../harness/redis";
import { closedPort } from "../../harness/server";

const START_TIMEOUT_MS = 20_000;

export interface RunningPostgres {
  /** `postgresql://postgres:password@127.0.0.1:port/postgres`. */
  readonly url: string;
  stop(): Promise<void>;
}

/** The newest installed server's bin folder (POSTGRES_BIN overrides). */
export function postgresBin(): string {
  const given = process.env["POSTGRES_BIN"];
  if (given) return given;
  const versions = safeReaddir("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  return `/usr/lib/postgresql/${versions[0] ?? "15"}/bin`;
}

/** Skips the suite where PostgreSQL is missing on a developer's machine; fails it under CI=true. */
export function requirePostgres(context: Mocha.Context): void {
  try {
    accessSync(join(postgresBin(), "postgres"), constants.X_OK);
  } catch {
    const why = `PostgreSQL is not installed in ${postgresBin()} (run: bash scripts/ensure-postgres.sh as root, or set POSTGRES_BIN).`;
    if (process.env["CI"] === "true") throw new Error(why);
    context.skip();
  }
}

/** Creates a cluster and starts its server; resolves once it accepts connections. */
export async function startPostgres(): Promise<RunningPostgres> {
  const dir = await mkdtemp(join(tmpdir(), "postgres-test-"));
  const data = join(dir, "data");
  const password = randomBytes(16).toString("hex");
  const passwordFile = join(dir, "password");
  await writeFile(passwordFile, password, { mode: 0o600 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  const run = (program: string, args: string[]) =>
    asRoot
      ? (["runuser", ["-u", "postgres", "--", join(postgresBin(), program), ...args]] as const)
      : ([join(postgresBin(), program), args] as const);
  const [initdb, initArgs] = run("initdb", [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=scram-sha-256",
    `--pwfile=${passwordFile}`,
    "-E",
    "UTF8",
  ]);
  execFileSync(initdb, initArgs, { stdio: "ignore" });
  const port = await closedPort();
  const [server, serverArgs] = run("postgres", ["-D", data, "-p", String(port), "-h", "127.0.0.1", "-k", dir, "-c", "fsync=off"]);
  const child = spawn(server, serverArgs, { stdio: ["ignore", "pipe", "pipe"] });
  const stop = await supervise(child, dir, ready);
  return { url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`, stop };
}

function postgresUser(): { uid: number; gid: number } {
  const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim()));
  return { uid: uid ?? 0, gid: gid ?? 0 };
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = "";
    const settle = (err?: Error) => {
      clearTimeout(timer);
      child.removeListener("exit", onExit);
      if (err) reject(err);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      if (log.length < 20_000) log += chunk.toString("utf8");
      if (log.includes("ready to accept connections")) settle();
    };
    const onExit = () => settle(new Error(`postgres exited at start:\n${log}`));
    const timer = setTimeout(() => settle(new Error(`postgres did not start within ${START_TIMEOUT_MS} ms:\n${log}`)), START_TIMEOUT_MS);
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
