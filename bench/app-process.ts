/** Starts one side's app (bench/app-server.ts) in a child process and talks to it. */
import { ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import type { AppMessage } from "./app-server";
import type { StrategyConfig } from "./strategies";

const SERVER = path.join(__dirname, "app-server.ts");

export class AppProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly origin: string,
  ) {}

  /** Forks the app with `--expose-gc` (and `--cpu-prof` when BENCH_CPU_PROF is set) and waits until it listens. */
  static async start(config: StrategyConfig): Promise<AppProcess> {
    // One folder per side; Node names each profile by pid and thread (tsx runs a loader thread too).
    const profile = process.env["BENCH_CPU_PROF"] ? ["--cpu-prof", `--cpu-prof-dir=${path.join(__dirname, ".prof", config.side)}`] : [];
    const child = fork(SERVER, [JSON.stringify(config)], { execArgv: ["--expose-gc", "--import", "tsx", ...profile], stdio: "inherit" });
    const ready = (await Promise.race([
      once(child, "message"),
      once(child, "exit").then(() => {
        throw new Error(`The ${config.side} app exited before it was ready.`);
      }),
    ])) as [AppMessage];
    const message = ready[0];
    if (message.type !== "ready") throw new Error(`The ${config.side} app sent ${message.type} before ready.`);
    return new AppProcess(child, `http://127.0.0.1:${message.port}`);
  }

  /** The app's heap after full garbage collections, in bytes. */
  async heapUsed(): Promise<number> {
    const message = await this.ask("heap");
    if (message.type !== "heap") throw new Error(`Expected a heap reading, got ${message.type}.`);
    return message.heapUsed;
  }

  /** CPU time (user + system) the app has used so far, in microseconds. */
  async cpuMicros(): Promise<number> {
    const message = await this.ask("cpu");
    if (message.type !== "cpu") throw new Error(`Expected a CPU reading, got ${message.type}.`);
    return message.micros;
  }

  private async ask(type: "heap" | "cpu"): Promise<AppMessage> {
    const answer = once(this.child, "message") as Promise<[AppMessage]>;
    this.child.send({ type });
    const [message] = await answer;
    return message;
  }

  /** Ends the child by disconnecting (it exits on disconnect), so a CPU profile is written. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, "exit");
    this.child.disconnect();
    await exited;
  }
}
