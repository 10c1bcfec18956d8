/**
 * `npm run bench`: AttioStrategy against bare passport-oauth2, side by side in
 * one run, against a local Attio stand-in on 127.0.0.1. Prints ratios, which
 * travel between machines better than absolute times.
 *
 * Knobs (environment): BENCH_ROUNDS (default 3), BENCH_SECONDS per run (2),
 * BENCH_LATENCY_MS added by the stand-in to every request (5),
 * BENCH_PENDING logins for the memory reading (5000), BENCH_CPU_PROF=1 to
 * write CPU profiles of the apps to bench/.prof.
 */
import os from "node:os";
import {
  interleave,
  LoginSummary,
  memoryPerPendingLogin,
  PerSide,
  redirectRate,
  loginSample,
  SIDES,
  sideConfig,
  stallTimes,
  startApps,
  stopApps,
  summarizeLogins,
} from "./measure";
import { median, num, ratio, Row, table } from "./report";
import { AttioStandIn } from "./stand-in";
import { cookieStateStoreAvailable } from "./strategies";

const ROUNDS = setting("BENCH_ROUNDS", 3);
const SECONDS = setting("BENCH_SECONDS", 2);
const LATENCY_MS = setting("BENCH_LATENCY_MS", 5);
const PENDING = setting("BENCH_PENDING", 5000);
const CONNECTIONS = 32;
const LOGIN_TIMEOUT_MS = 10_000;
const STALL_TIMEOUT_MS = 1000;
const STALL_CAP_SECONDS = 10;

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

interface Throughput {
  readonly redirect: PerSide<number>;
  readonly logins: readonly { readonly label: string; readonly concurrency: number; readonly member: boolean; readonly summary: PerSide<LoginSummary> }[];
}

async function measureThroughput(standIn: AttioStandIn): Promise<Throughput> {
  const apps = await startApps(standIn, LOGIN_TIMEOUT_MS, "session");
  try {
    progress("warming up");
    for (const side of SIDES) {
      await loginSample(standIn, apps[side].origin, 8, 1);
      await redirectRate(apps[side].origin, CONNECTIONS, 1);
    }
    progress(`authorize redirect, ${CONNECTIONS} connections, ${ROUNDS} rounds`);
    const redirects = await interleave(ROUNDS, (side) => redirectRate(apps[side].origin, CONNECTIONS, SECONDS));
    const logins = [];
    for (const member of [false, true]) {
      standIn.grantMember = member;
      for (const concurrency of [1, CONNECTIONS]) {
        const label = `logins/s, c=${concurrency}${member ? ", with member" : ""}`;
        progress(`${label}, ${ROUNDS} rounds`);
        const samples = await interleave(ROUNDS, (side) => loginSample(standIn, apps[side].origin, concurrency, SECONDS));
        logins.push({ label, concurrency, member, summary: { attio: summarizeLogins(samples.attio), bare: summarizeLogins(samples.bare) } });
      }
    }
    standIn.grantMember = false;
    return { redirect: { attio: median(redirects.attio), bare: median(redirects.bare) }, logins };
  } finally {
    await stopApps(apps);
  }
}

interface Memory {
  readonly session: PerSide<number>;
  readonly cookie: number | undefined;
}

async function measureMemory(standIn: AttioStandIn): Promise<Memory> {
  progress(`memory per pending login, ${PENDING} pending logins`);
  const session = {
    attio: await memoryPerPendingLogin(sideConfig("attio", standIn, LOGIN_TIMEOUT_MS, "session"), PENDING),
    bare: await memoryPerPendingLogin(sideConfig("bare", standIn, LOGIN_TIMEOUT_MS, "session"), PENDING),
  };
  const cookie = cookieStateStoreAvailable()
    ? await memoryPerPendingLogin(sideConfig("attio", standIn, LOGIN_TIMEOUT_MS, "cookie"), PENDING)
    : undefined;
  return { session, cookie };
}

function rows(throughput: Throughput, memory: Memory, stall: PerSide<number>): Row[] {
  const { redirect, logins } = throughput;
  const result: Row[] = [
    { measure: `authorize redirects/s (c=${CONNECTIONS})`, attio: num(redirect.attio, 0), bare: num(redirect.bare, 0), ratio: ratio(redirect.attio, redirect.bare) },
  ];
  for (const { label, summary } of logins) {
    result.push({ measure: label, attio: num(summary.attio.rate, 1), bare: num(summary.bare.rate, 1), ratio: ratio(summary.attio.rate, summary.bare.rate) });
  }
  for (const member of [false, true]) {
    const runs = logins.filter((run) => run.member === member);
    const per = (pick: (s: LoginSummary) => number): PerSide<number> => ({
      attio: runs.reduce((sum, run) => sum + pick(run.summary.attio), 0) / runs.length,
      bare: runs.reduce((sum, run) => sum + pick(run.summary.bare), 0) / runs.length,
    });
    const requests = per((s) => s.requestsPerLogin);
    const connections = per((s) => s.connectionsPer1000);
    const suffix = member ? ", with member" : "";
    result.push({ measure: `requests to Attio per login${suffix}`, attio: num(requests.attio), bare: num(requests.bare), ratio: "" });
    result.push({ measure: `new connections per 1,000 logins${suffix}`, attio: num(connections.attio, 1), bare: num(connections.bare, 1), ratio: "" });
  }
  const failures = logins.reduce((sum, run) => ({ attio: sum.attio + run.summary.attio.failures, bare: sum.bare + run.summary.bare.failures }), { attio: 0, bare: 0 });
  result.push({ measure: "failed logins (should be 0)", attio: String(failures.attio), bare: String(failures.bare), ratio: "" });
  result.push({
    measure: "bytes per pending login, session store",
    attio: num(memory.session.attio, 0),
    bare: num(memory.session.bare, 0),
    ratio: ratio(memory.session.attio, memory.session.bare),
  });
  result.push({
    measure: "bytes per pending login, CookieStateStore",
    attio: memory.cookie === undefined ? "n/a (CookieStateStore not available)" : num(memory.cookie, 0),
    bare: "",
    ratio: "",
  });
  result.push({ measure: `time to fail, token endpoint stalled (timeout ${STALL_TIMEOUT_MS} ms)`, attio: seconds(stall.attio), bare: seconds(stall.bare), ratio: "" });
  return result;
}

function seconds(value: number): string {
  return value >= STALL_CAP_SECONDS ? `>${STALL_CAP_SECONDS}s` : `${value.toFixed(1)}s`;
}

function summaryLine(throughput: Throughput, stall: PerSide<number>): string {
  const { redirect, logins } = throughput;
  const busy = logins.find((run) => run.concurrency === CONNECTIONS && !run.member)?.summary;
  const requests = (member: boolean): string => {
    const run = logins.find((r) => r.member === member)?.summary.attio.requestsPerLogin;
    return run === undefined ? "n/a" : num(run);
  };
  const login = busy ? ratio(busy.attio.rate, busy.bare.rate) : "n/a";
  return `bench: redirect ${ratio(redirect.attio, redirect.bare)}, login ${login} (c=${CONNECTIONS}), requests/login ${requests(false)} (${requests(true)} with member), stall ${seconds(stall.attio)} vs ${seconds(stall.bare)}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const standIn = await new AttioStandIn({ latencyMs: LATENCY_MS }).start();
  try {
    const throughput = await measureThroughput(standIn);
    const memory = await measureMemory(standIn);
    progress(`time to fail on a stalled token endpoint (capped at ${STALL_CAP_SECONDS} s)`);
    const stall = await stallTimes(LATENCY_MS, STALL_TIMEOUT_MS, STALL_CAP_SECONDS, 3);
    const cpus = os.cpus();
    console.log(`\nNode ${process.version}, ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${os.platform()} ${os.arch()}`);
    console.log(`stand-in latency ${LATENCY_MS} ms per request; medians of ${ROUNDS} interleaved rounds of ${SECONDS} s; each app in its own process\n`);
    console.log(table(rows(throughput, memory, stall)));
    console.log(`\n(took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    console.log(summaryLine(throughput, stall));
  } finally {
    await standIn.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
