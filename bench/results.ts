/** Turns the measurements into the table rows and the one-line summary. */
import type { LoginTotals, PerSide } from "./measure";
import { Comparison, num, ratio, Row, times } from "./report";

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
    if (run.concurrency > 1)
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
  return result;
}

export function summaryLine(results: Results): string {
  const { redirect, logins, stall, stallCapSeconds } = results;
  const busy = logins.find((run) => run.concurrency === results.connections && !run.member);
  const requests = (member: boolean): string => {
    const run = logins.find((r) => r.member === member);
    return run ? num(run.totals.attio.requestsPerLogin) : "n/a";
  };
  return (
    `bench: redirect ${times(redirect.rate.ratio)}, login ${busy ? times(busy.rate.ratio) : "n/a"} (c=${results.connections}), ` +
    `requests/login ${requests(false)} (${requests(true)} with member), ` +
    `stall ${seconds(stall.attio, stallCapSeconds)} vs ${seconds(stall.bare, stallCapSeconds)}`
  );
}

function seconds(value: number, cap: number): string {
  return value >= cap ? `>${cap}s` : `${value.toFixed(1)}s`;
}
