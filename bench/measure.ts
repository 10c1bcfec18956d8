/** The five measurements, each taken the same way for both sides. */
import autocannon from "autocannon";
import { AppProcess } from "./app-process";
import { runLogins, startPendingLogins, timeToFail } from "./driver";
import { median } from "./report";
import { BenchAttio, registerApp, startBenchAttio } from "./attio";
import type { Side, StateStoreKind, StrategyConfig } from "./strategies";

export const SIDES: readonly Side[] = ["attio", "bare"];
export type PerSide<T> = Record<Side, T>;

/**
 * Runs `measure` for both sides, `rounds` times, alternating who goes first
 * (A B, B A, A B…) so warm-up and drift do not favour either side.
 */
export async function interleave<T>(rounds: number, measure: (side: Side) => Promise<T>): Promise<PerSide<T[]>> {
  const results: PerSide<T[]> = { attio: [], bare: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? SIDES : [...SIDES].reverse();
    for (const side of order) results[side].push(await measure(side));
  }
  return results;
}

/** A throughput run: operations per second, and the app's CPU time per operation. */
export interface RateSample {
  readonly rate: number;
  readonly cpuMicrosPerOp: number;
}

/** Requests per second on `GET /auth/attio` at a fixed number of connections (autocannon). */
export async function redirectSample(app: AppProcess, connections: number, seconds: number): Promise<RateSample> {
  const cpuBefore = await app.cpuMicros();
  const result = await autocannon({ url: `${app.origin}/auth/attio`, connections, duration: seconds });
  const cpu = (await app.cpuMicros()) - cpuBefore;
  if (result.errors > 0 || result["3xx"] !== result.requests.total) {
    throw new Error(`GET /auth/attio: ${result.errors} errors, ${result["3xx"]} of ${result.requests.total} answers were redirects.`);
  }
  return { rate: result.requests.total / result.duration, cpuMicrosPerOp: cpu / result.requests.total };
}

/** One run of complete logins, with what Attio saw during it. */
export interface LoginSample extends RateSample {
  readonly logins: number;
  readonly failures: number;
  /** token + self + member requests during the run. */
  readonly attioRequests: number;
  /** New connections opened by the app server to Attio (both origins; the browser's to `/authorize` left out). */
  readonly serverConnections: number;
}

export async function loginSample(attio: BenchAttio, app: AppProcess, concurrency: number, seconds: number): Promise<LoginSample> {
  attio.resetStats();
  const cpuBefore = await app.cpuMicros();
  const run = await runLogins(app.origin, attio.url, concurrency, seconds);
  const cpu = (await app.cpuMicros()) - cpuBefore;
  const { requests, connections } = attio.stats;
  return {
    rate: run.logins / run.seconds,
    cpuMicrosPerOp: cpu / Math.max(1, run.logins + run.failures),
    logins: run.logins,
    failures: run.failures,
    attioRequests: requests.token + requests.self + requests.member,
    serverConnections: connections - run.attioConnections,
  };
}

/** What a series of login runs cost Attio, and how many failed. */
export interface LoginTotals {
  readonly failures: number;
  readonly requestsPerLogin: number;
  readonly connectionsPer1000: number;
}

export function loginTotals(samples: readonly LoginSample[]): LoginTotals {
  const total = (key: keyof LoginSample): number => samples.reduce((sum, sample) => sum + sample[key], 0);
  const attempts = total("logins") + total("failures");
  return {
    failures: total("failures"),
    requestsPerLogin: total("attioRequests") / attempts,
    connectionsPer1000: (total("serverConnections") * 1000) / attempts,
  };
}

/**
 * Bytes of server heap held per started-but-unfinished login: the slope of the
 * heap against the number of pending logins, read after full GCs at six points
 * over `count` logins (after a warm-up), in a fresh app process. A slope leaves
 * out fixed costs (code, caches, sockets) and averages out steps such as a hash
 * table doubling.
 */
export async function memoryPerPendingLogin(config: StrategyConfig, count: number): Promise<number> {
  const app = await AppProcess.start(config);
  const steps = 5;
  const step = Math.max(1, Math.floor(count / steps));
  try {
    await startPendingLogins(app.origin, 2000, 32);
    const points: [number, number][] = [[0, await app.heapUsed()]];
    for (let i = 1; i <= steps; i++) {
      await startPendingLogins(app.origin, step, 32);
      points.push([i * step, await app.heapUsed()]);
    }
    return Math.max(0, slope(points));
  } finally {
    await app.stop();
  }
}

/** Least-squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
  const mean = (pick: (p: readonly [number, number]) => number): number => points.reduce((sum, p) => sum + pick(p), 0) / points.length;
  const mx = mean((p) => p[0]);
  const my = mean((p) => p[1]);
  const covariance = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return covariance / variance;
}

/**
 * Seconds until a login fails when the token endpoint never answers, with a
 * `timeout` of `timeoutMs` for AttioStrategy; bare passport-oauth2 has no timeout,
 * so its wait is capped at `capSeconds`. Both sides are measured at once, `samples` logins each.
 */
export async function stallTimes(latencyMs: number, timeoutMs: number, capSeconds: number, samples: number): Promise<PerSide<number>> {
  const stalled = await startBenchAttio(latencyMs);
  stalled.failNext("token", { stall: true }, Infinity);
  const apps = await startApps(stalled, timeoutMs, "session");
  try {
    const times = await Promise.all(
      SIDES.map((side) => Promise.all(Array.from({ length: samples }, () => timeToFail(apps[side].origin, capSeconds)))),
    );
    return { attio: median(times[0] ?? []), bare: median(times[1] ?? []) };
  } finally {
    await stopApps(apps);
    await stalled.close();
  }
}

export function sideConfig(side: Side, attio: BenchAttio, timeoutMs: number, store: StateStoreKind): StrategyConfig {
  return { side, appOrigin: attio.url, apiOrigin: attio.apiURL, timeoutMs, store };
}

/** Both sides' apps, their callbacks registered with Attio. */
export async function startApps(attio: BenchAttio, timeoutMs: number, store: StateStoreKind): Promise<PerSide<AppProcess>> {
  const [attioSide, bare] = await Promise.all(SIDES.map((side) => AppProcess.start(sideConfig(side, attio, timeoutMs, store))));
  if (!attioSide || !bare) throw new Error("Both apps must start.");
  for (const app of [attioSide, bare]) registerApp(attio, app.origin);
  return { attio: attioSide, bare };
}

export async function stopApps(apps: PerSide<AppProcess>): Promise<void> {
  await Promise.all(SIDES.map((side) => apps[side].stop()));
}
