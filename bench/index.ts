/**
 * `npm run bench`: AttioStrategy against bare passport-oauth2, side by side in
 * one run, against the Attio sandbox on 127.0.0.1. Prints ratios, which
 * travel between machines better than absolute times.
 *
 * Knobs (environment): BENCH_ROUNDS (default 8), BENCH_SECONDS per run (1),
 * BENCH_LATENCY_MS added by the sandbox to every request (5),
 * BENCH_PENDING logins for the memory reading (5000), BENCH_FLOOD cookieless
 * redirects for the flood's leftovers (100000), BENCH_CPU_PROF=1 to
 * write CPU profiles of the apps to bench/.prof; for the callback's round trips
 * over a simulated network, BENCH_RTT_MS (200; 0 skips them), BENCH_RTT_SAMPLES (2)
 * and BENCH_BACK_AFTER seconds between redirect and callback (5). BENCH_QUICK=1
 * is a smoke run of a minute or two (2 rounds, 500 pending logins, a flood of
 * 5000, 1 round-trip sample, back after 1 s, 1 expiry): it shows that every
 * measurement runs, not figures to quote. An explicit knob still wins.
 */
import os from "node:os";
import type { AppProcess } from "./app-process";
import {
  interleave,
  loginSample,
  loginTotals,
  memoryPerPendingLogin,
  PerSide,
  RateSample,
  redirectSample,
  SIDES,
  sideConfig,
  stallTimes,
  startApps,
  stopApps,
} from "./measure";
import { connectionRows, connectionsSummary, measureConnections } from "./connections";
import { floodRows, measureFlood } from "./flood";
import { compare, num, table } from "./report";
import { LoginResult, Results, rows, summaryLine, ThroughputResult } from "./results";
import { measureRoundTrips, RoundTrips } from "./round-trips";
import { BenchAttio, grantMember, startBenchAttio } from "./attio";
import { DistantAttio } from "./wan/network";
import { cookieStateStoreAvailable, Side } from "./strategies";

const QUICK = process.env["BENCH_QUICK"] === "1";
const ROUNDS = setting("BENCH_ROUNDS", QUICK ? 2 : 8);
const SECONDS = setting("BENCH_SECONDS", 1);
const LATENCY_MS = setting("BENCH_LATENCY_MS", 5);
const PENDING = setting("BENCH_PENDING", QUICK ? 500 : 5000);
const FLOOD = setting("BENCH_FLOOD", QUICK ? 5000 : 100_000);
const CONNECTIONS = 32;
const LOGIN_TIMEOUT_MS = 10_000;
const STALL_TIMEOUT_MS = 1000;
const STALL_CAP_SECONDS = 10;
const RTT_MS = setting("BENCH_RTT_MS", 200, true);
const RTT_SAMPLES = setting("BENCH_RTT_SAMPLES", QUICK ? 1 : 2);
const BACK_AFTER_SECONDS = setting("BENCH_BACK_AFTER", QUICK ? 1 : 5);
const EXPIRIES = QUICK ? 1 : 5;

function setting(name: string, fallback: number, zeroAllowed = false): number {
  const raw = process.env[name];
  const value = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(value) && (value > 0 || (zeroAllowed && value === 0)) ? value : fallback;
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

type Throughput = Pick<Results, "redirect" | "logins">;

/**
 * Runs `measure` against a fresh pair of apps, warmed up first. Each measurement
 * starts from the same state: sessions left by an earlier one (every redirect and
 * login leaves one in the MemoryStore) would grow the heap and make every later
 * garbage collection dearer.
 */
async function withFreshApps<T>(attio: BenchAttio, measure: (apps: PerSide<AppProcess>) => Promise<T>): Promise<T> {
  const apps = await startApps(attio, LOGIN_TIMEOUT_MS, "session");
  try {
    // Both code paths hot, at the concurrency measured, before anything counts.
    for (const side of SIDES) {
      await loginSample(attio, apps[side], CONNECTIONS, 1);
      await redirectSample(apps[side], CONNECTIONS, 0.5);
    }
    return await measure(apps);
  } finally {
    await stopApps(apps);
  }
}

async function measureThroughput(attio: BenchAttio): Promise<Throughput> {
  progress(`authorize redirects/s, ${CONNECTIONS} connections, ${ROUNDS} rounds`);
  const redirect = await withFreshApps(attio, async (apps) =>
    summarize(await interleave(ROUNDS, (side) => redirectSample(apps[side], CONNECTIONS, SECONDS)), 0),
  );
  const logins: LoginResult[] = [];
  for (const member of [false, true]) {
    for (const concurrency of [1, CONNECTIONS]) {
      const label = `logins/s, c=${concurrency}${member ? ", with member" : ""}`;
      progress(`${label}, ${ROUNDS} rounds`);
      grantMember(attio, member);
      const samples = await withFreshApps(attio, (apps) =>
        interleave(ROUNDS, (side) => loginSample(attio, apps[side], concurrency, SECONDS)),
      );
      grantMember(attio, false);
      const totals = { attio: loginTotals(samples.attio), bare: loginTotals(samples.bare) };
      logins.push({ label, concurrency, member, ...summarize(samples, 1), totals });
    }
  }
  return { redirect, logins };
}

/** Rates and CPU per operation of both sides, compared round by round. */
function summarize(samples: PerSide<RateSample[]>, digits: number): ThroughputResult {
  const pick = (side: Side, key: keyof RateSample): number[] => samples[side].map((sample) => sample[key]);
  const rate = compare(pick("attio", "rate"), pick("bare", "rate"));
  const cpu = compare(pick("attio", "cpuMicrosPerOp"), pick("bare", "cpuMicrosPerOp"));
  progress(
    `  AttioStrategy ${num(rate.attio, digits)}/s, bare ${num(rate.bare, digits)}/s, ratio ${num(rate.ratio)}; CPU ratio ${num(cpu.ratio)}`,
  );
  return { rate, cpu };
}

async function measureMemory(attio: BenchAttio): Promise<Pick<Results, "sessionMemory" | "cookieMemory">> {
  progress(`memory per pending login, ${PENDING} pending logins`);
  const pending = (side: Side, store: "session" | "cookie"): Promise<number> =>
    memoryPerPendingLogin(sideConfig(side, attio, LOGIN_TIMEOUT_MS, store), PENDING);
  const sessionMemory = { attio: await pending("attio", "session"), bare: await pending("bare", "session") };
  const cookieMemory = cookieStateStoreAvailable() ? await pending("attio", "cookie") : undefined;
  return { sessionMemory, cookieMemory };
}

/** Against a sandbox of its own, without added latency per request: the network adds it, per byte. */
async function measureCallbackRoundTrips(): Promise<RoundTrips[]> {
  const attio = await startBenchAttio(0);
  const network = await new DistantAttio({ appOrigin: attio.url, apiOrigin: attio.apiURL }, RTT_MS / 2).start();
  try {
    const setup = {
      attio,
      network,
      rttMs: RTT_MS,
      backAfterSeconds: BACK_AFTER_SECONDS,
      samples: RTT_SAMPLES,
      timeoutMs: LOGIN_TIMEOUT_MS,
    };
    return await measureRoundTrips(setup, progress);
  } finally {
    await network.close();
    await attio.close();
  }
}

function describeMachine(): string {
  const cpus = os.cpus();
  return `Node ${process.version}, ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${os.platform()} ${os.arch()}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const attio = await startBenchAttio(LATENCY_MS);
  try {
    const throughput = await measureThroughput(attio);
    const memory = await measureMemory(attio);
    progress(`a flood of ${FLOOD} cookieless redirects: memory kept, Redis TTLs`);
    const flood = await measureFlood(attio, LOGIN_TIMEOUT_MS, FLOOD);
    progress(`time to fail on a stalled token endpoint (capped at ${STALL_CAP_SECONDS} s)`);
    const stall = await stallTimes(LATENCY_MS, STALL_TIMEOUT_MS, STALL_CAP_SECONDS, 3);
    const roundTrips = RTT_MS > 0 ? await measureCallbackRoundTrips() : [];
    const connections = await measureConnections(ROUNDS, EXPIRIES, progress);
    const results: Results = {
      connections: CONNECTIONS,
      ...throughput,
      ...memory,
      stallTimeoutMs: STALL_TIMEOUT_MS,
      stall,
      stallCapSeconds: STALL_CAP_SECONDS,
      roundTrips,
      rttMs: RTT_MS,
      backAfterSeconds: BACK_AFTER_SECONDS,
    };
    console.log(`\n${describeMachine()}`);
    console.log(
      `${QUICK ? "BENCH_QUICK: a smoke run, not figures to quote; " : ""}Attio sandbox latency ${LATENCY_MS} ms per request; ${ROUNDS} interleaved rounds of ${SECONDS} s per side; ` +
        "rates are medians, ratios the median of each round's ratio; each app in its own process; " +
        `callbacks over TLS behind ${RTT_MS / 2} ms each way (${RTT_MS} ms RTT), medians of ${RTT_SAMPLES}\n`,
    );
    console.log(table([...rows(results), ...floodRows(flood), ...connectionRows(connections)]));
    console.log(`\n(took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    console.log(`${summaryLine(results)}, ${connectionsSummary(connections)}`);
  } finally {
    await attio.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
