/**
 * What a person waits for at the callback, across a real-world network: the time
 * from the browser's callback request to the app's answer, in round trips of the
 * sandbox's simulated network. Two cases, each with and without the member:
 *
 * - cold: a fresh process, with no connection to Attio open (the warm ones the
 *   redirect opened are closed first, as if the callback had waited too long);
 * - warm: a process that has signed someone in before (its connections since
 *   closed by Attio), with the browser back 5 s after the authorize redirect.
 *
 * The same scenarios at zero latency give the time that is not the wire's (CPU
 * on both ends, loopback hops), so wire round trips = (time − that) / RTT.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AppProcess } from "./app-process";
import { approve, Browser, login, startLogin } from "./driver";
import { median } from "./report";
import { BenchAttio, grantMember, registerApp } from "./attio";
import type { Side, StrategyConfig } from "./strategies";
import type { DistantAttio } from "./wan/network";

export type Case = "cold" | "warm";

/** One scenario's medians. */
export interface RoundTrips {
  readonly side: Side;
  readonly member: boolean;
  readonly case: Case;
  /** Callback latency over the round-trip time. */
  readonly rtt: number;
  /** Round trips on the wire: latency less the zero-latency time, over the round-trip time. */
  readonly wire: number;
  /** The callback at zero latency, in ms: CPU and loopback, no wire. */
  readonly zeroLatencyMs: number;
  /** The app's CPU time during the callback, in ms. */
  readonly appCpuMs: number;
}

interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

export interface RoundTripSetup {
  readonly attio: BenchAttio;
  readonly network: DistantAttio;
  readonly rttMs: number;
  /** Seconds between the redirect and the callback in the warm case. */
  readonly backAfterSeconds: number;
  readonly samples: number;
  readonly timeoutMs: number;
}

const SIDES: readonly Side[] = ["attio", "bare"];

export async function measureRoundTrips(setup: RoundTripSetup, progress: (message: string) => void): Promise<RoundTrips[]> {
  const results: RoundTrips[] = [];
  for (const member of [false, true]) {
    grantMember(setup.attio, member);
    const at = async (rttMs: number, backAfterMs: number): Promise<Record<string, Timing[]>> => {
      setup.network.setOneWay(rttMs / 2);
      const timings: Record<string, Timing[]> = {};
      for (let sample = 0; sample < setup.samples; sample++) {
        for (const side of SIDES) (timings[`${side} cold`] ??= []).push(await coldCallback(setup, side, rttMs));
        const warm = await warmCallbacks(setup, backAfterMs);
        for (const side of SIDES) (timings[`${side} warm`] ??= []).push(warm[side]);
      }
      return timings;
    };
    progress(`callback round trips at ${setup.rttMs} ms RTT${member ? ", with member" : ""}, ${setup.samples} samples`);
    const far = await at(setup.rttMs, setup.backAfterSeconds * 1000);
    const near = await at(0, 300);
    for (const side of SIDES) {
      for (const kase of ["cold", "warm"] as const) {
        const ms = median((far[`${side} ${kase}`] ?? []).map((t) => t.ms));
        const zero = median((near[`${side} ${kase}`] ?? []).map((t) => t.ms));
        const cpu = median((far[`${side} ${kase}`] ?? []).map((t) => t.cpuMs));
        results.push({
          side,
          member,
          case: kase,
          rtt: ms / setup.rttMs,
          wire: (ms - zero) / setup.rttMs,
          zeroLatencyMs: zero,
          appCpuMs: cpu,
        });
      }
    }
  }
  grantMember(setup.attio, false);
  return results;
}

function config(setup: RoundTripSetup, side: Side): StrategyConfig {
  return {
    side,
    appOrigin: setup.network.appOrigin,
    apiOrigin: setup.network.apiOrigin,
    authorizeOrigin: setup.attio.url,
    caFile: setup.network.caFile,
    timeoutMs: setup.timeoutMs,
    store: "session",
  };
}

async function startApp(setup: RoundTripSetup, side: Side): Promise<AppProcess> {
  const app = await AppProcess.start(config(setup, side));
  registerApp(setup.attio, app.origin);
  return app;
}

/** A fresh process; the redirect's warm connections are closed before the callback. */
async function coldCallback(setup: RoundTripSetup, side: Side, rttMs: number): Promise<Timing> {
  const app = await startApp(setup, side);
  const browser = new Browser(1);
  try {
    const pending = await redirectAndApprove(browser, app);
    await sleep(Math.max(200, 4 * rttMs)); // long enough for any warm handshake to finish, then undone
    setup.network.dropConnections();
    await sleep(100);
    return await timedCallback(browser, app, pending);
  } finally {
    browser.close();
    await app.stop();
  }
}

/** Both sides at once: a sign-in first, Attio's connections closed, then the redirect and, later, the callback. */
async function warmCallbacks(setup: RoundTripSetup, backAfterMs: number): Promise<Record<Side, Timing>> {
  const apps = await Promise.all(SIDES.map((side) => startApp(setup, side)));
  const browsers = SIDES.map(() => new Browser(1));
  try {
    for (const [i, app] of apps.entries())
      if (!(await login(browsers[i] as Browser, app.origin))) throw new Error("The first sign-in failed.");
    setup.network.dropConnections();
    await sleep(100);
    // Staggered, so that the two callbacks do not share the CPU.
    const stagger = Math.max(500, backAfterMs / 2);
    const timings = await Promise.all(
      apps.map(async (app, i) => {
        await sleep(i * stagger);
        const browser = browsers[i] as Browser;
        const pending = await redirectAndApprove(browser, app);
        await sleep(backAfterMs);
        return timedCallback(browser, app, pending);
      }),
    );
    return { attio: timings[0] as Timing, bare: timings[1] as Timing };
  } finally {
    for (const browser of browsers) browser.close();
    await Promise.all(apps.map((app) => app.stop()));
  }
}

interface Pending {
  readonly callbackURL: string;
  readonly cookie: string;
}

async function redirectAndApprove(browser: Browser, app: AppProcess): Promise<Pending> {
  const { authorizeURL, cookie } = await startLogin(browser, app.origin);
  return { callbackURL: await approve(browser, authorizeURL), cookie };
}

async function timedCallback(browser: Browser, app: AppProcess, pending: Pending): Promise<Timing> {
  const cpuBefore = await app.cpuMicros();
  const started = performance.now();
  const done = await browser.get(pending.callbackURL, pending.cookie);
  const ms = performance.now() - started;
  const cpuMs = ((await app.cpuMicros()) - cpuBefore) / 1000;
  if (done.status !== 200) throw new Error(`The callback answered ${done.status}.`);
  return { ms, cpuMs };
}
