/** Turns the measurements into the table rows and the one-line summary. */
import type { LoginTotals, PerSide } from "./measure";
import { Comparison, num, ratio, Row, times } from "./report";
import type { RoundTrips } from "./round-trips";

/** Operations per second, and the app's CPU time per operation (which load elsewhere on the machine disturbs less). */
export interface ThroughputResult {
  readonly rate: Comparison;
  readonly cpu: Comparison;
}

export interface LoginResult extends ThroughputResult {
  readonly label: string;
  readonly concurrency: number;
  readonly member: boolean;
  readonly totals: PerSide<LoginTotals>;
}

export interface Results {
  readonly connections: number;
  readonly redirect: ThroughputResult;
  readonly logins: readonly LoginResult[];
  /** Bytes per pending login with the session store, per side. */
  readonly sessionMemory: PerSide<number>;
  /** Bytes per pending login with CookieStateStore; undefined when the package does not export it. */
  readonly cookieMemory: number | undefined;
  readonly stallTimeoutMs: number;
  readonly stall: PerSide<number>;
  readonly stallCapSeconds: number;
  /** Callback latency across the simulated network; empty when not measured. */
  readonly roundTrips: readonly RoundTrips[];
  readonly rttMs: number;
  readonly backAfterSeconds: number;
}

export function rows(results: Results): Row[] {
  const { redirect, logins, sessionMemory, cookieMemory, stall } = results;
  const rate = (measure: string, comparison: Comparison, digits: number): Row => ({
    measure,
    attio: num(comparison.attio, digits),
    bare: num(comparison.bare, digits),
    ratio: times(comparison.ratio),
  });
  const figure = (measure: string, values: PerSide<number>, digits: number): Row => ({
    measure,
    attio: num(values.attio, digits),
    bare: num(values.bare, digits),
    ratio: "",
  });
  const total = (runs: readonly LoginResult[], pick: (totals: LoginTotals) => number): PerSide<number> => ({
    attio: runs.reduce((sum, run) => sum + pick(run.totals.attio), 0) / runs.length,
    bare: runs.reduce((sum, run) => sum + pick(run.totals.bare), 0) / runs.length,
  });
  const result: Row[] = [
    rate(`authorize redirects/s (c=${results.connections})`, redirect.rate, 0),
    rate("app CPU µs per redirect", redirect.cpu, 0),
  ];
  for (const run of logins) {
    result.push(rate(run.label, run.rate, 1));
    result.push(rate(`app CPU µs per login, c=${run.concurrency}${run.member ? ", with member" : ""}`, run.cpu, 0));
  }
  for (const member of [false, true]) {
    const runs = logins.filter((run) => run.member === member);
    const suffix = member ? ", with member" : "";
    result.push(
      figure(
        `requests to Attio per login${suffix}`,
        total(runs, (t) => t.requestsPerLogin),
        2,
      ),
    );
    result.push(
      figure(
        `new connections to Attio per 1,000 logins${suffix}`,
        total(runs, (t) => t.connectionsPer1000),
        1,
      ),
    );
  }
  const failures = (side: "attio" | "bare"): number => logins.reduce((sum, run) => sum + run.totals[side].failures, 0);
  result.push(figure("failed logins (should be 0)", { attio: failures("attio"), bare: failures("bare") }, 0));
  result.push({
    ...figure("bytes per pending login, session store", sessionMemory, 0),
    ratio: ratio(sessionMemory.attio, sessionMemory.bare),
  });
  result.push({
    measure: "bytes per pending login, CookieStateStore",
    attio: cookieMemory === undefined ? "n/a (CookieStateStore not available)" : num(cookieMemory, 0),
    bare: "",
    ratio: "",
  });
  result.push({
    measure: `time to fail, token endpoint stalled (timeout ${results.stallTimeoutMs} ms)`,
    attio: seconds(stall.attio, results.stallCapSeconds),
    bare: seconds(stall.bare, results.stallCapSeconds),
    ratio: "",
  });
  return [...result, ...roundTripRows(results)];
}

/** Per case: round trips in all (on the wire), then the zero-latency time and the app's CPU. */
function roundTripRows(results: Results): Row[] {
  const rows: Row[] = [];
  for (const member of [false, true]) {
    for (const kase of ["cold", "warm"] as const) {
      const pick = (side: "attio" | "bare"): RoundTrips | undefined =>
        results.roundTrips.find((r) => r.side === side && r.member === member && r.case === kase);
      const attio = pick("attio");
      const bare = pick("bare");
      if (!attio || !bare) continue;
      const label = `callback ${kase === "cold" ? "in a cold process" : `${results.backAfterSeconds} s after the redirect`}${member ? ", with member" : ""}`;
      const trips = (r: RoundTrips): string => `${num(r.rtt)} (${num(r.wire, 1)})`;
      const local = (r: RoundTrips): string => `${num(r.zeroLatencyMs, 1)} / ${num(r.appCpuMs, 1)}`;
      rows.push({
        measure: `${label}: round trips at ${results.rttMs} ms RTT (on the wire)`,
        attio: trips(attio),
        bare: trips(bare),
        ratio: "",
      });
      rows.push({ measure: `${label}: ms at zero latency / app CPU ms`, attio: local(attio), bare: local(bare), ratio: "" });
    }
  }
  return rows;
}

export function summaryLine(results: Results): string {
  const { redirect, logins, stall, stallCapSeconds } = results;
  const busy = logins.find((run) => run.concurrency === results.connections && !run.member);
  const requests = (member: boolean): string => {
    const run = logins.find((r) => r.member === member);
    return run ? num(run.totals.attio.requestsPerLogin) : "n/a";
  };
  const cpu = Math.max(...logins.filter((run) => !run.member).map((run) => run.cpu.ratio));
  const trips = (side: "attio" | "bare", kase: "cold" | "warm"): string => {
    const found = results.roundTrips.find((r) => r.side === side && r.member && r.case === kase);
    return found ? num(found.rtt, 1) : "n/a";
  };
  return (
    `bench: redirect ${times(redirect.rate.ratio)}, login ${busy ? times(busy.rate.ratio) : "n/a"} (c=${results.connections}), ` +
    `cpu/login ${times(cpu)}, requests/login ${requests(false)} (${requests(true)} with member), ` +
    `rtt cold ${trips("attio", "cold")} (bare ${trips("bare", "cold")}), rtt warm ${trips("attio", "warm")}, ` +
    `stall ${seconds(stall.attio, stallCapSeconds)} vs ${seconds(stall.bare, stallCapSeconds)}`
  );
}

function seconds(value: number, cap: number): string {
  return value >= cap ? `>${cap}s` : `${value.toFixed(1)}s`;
}
