/**
 * `npm run bench:profile`: where each side's app CPU goes during logins. Both
 * apps run under V8's CPU profiler while the same interleaved login rounds as
 * the benchmark's run against the sandbox; each profile's self time is then
 * summed by part of the stack (see cpu-parts.ts) and divided by the logins that
 * process served. Sampling makes each part's figure approximate, within a few
 * microseconds; the difference between the sides is what to read.
 *
 * Knobs (environment): BENCH_CONCURRENCY (32), BENCH_MEMBER=1 to read the member
 * too, BENCH_ROUNDS (4), BENCH_SECONDS per run (3), BENCH_LATENCY_MS (5).
 * The profiles stay in bench/.prof/ for Chrome's DevTools or speedscope.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { grantMember, startBenchAttio } from "./attio";
import { CpuProfile, NOT_PER_LOGIN, PART_NAMES, selfTimeByPart } from "./cpu-parts";
import { interleave, loginSample, PerSide, SIDES, startApps, stopApps } from "./measure";
import { median, num, table } from "./report";
import type { Side } from "./strategies";

const setting = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const CONCURRENCY = setting("BENCH_CONCURRENCY", 32);
const ROUNDS = setting("BENCH_ROUNDS", 4);
const SECONDS = setting("BENCH_SECONDS", 3);
const LATENCY_MS = setting("BENCH_LATENCY_MS", 5);
const MEMBER = process.env["BENCH_MEMBER"] === "1";
const PROFILES = path.join(__dirname, ".prof");

async function main(): Promise<void> {
  rmSync(PROFILES, { recursive: true, force: true });
  process.env["BENCH_CPU_PROF"] = "1";
  const attio = await startBenchAttio(LATENCY_MS);
  grantMember(attio, MEMBER);
  const logins: PerSide<number> = { attio: 0, bare: 0 };
  const cpu: PerSide<number[]> = { attio: [], bare: [] };
  try {
    const apps = await startApps(attio, 10_000, "session");
    try {
      for (const side of SIDES) logins[side] += (await loginSample(attio, apps[side], CONCURRENCY, 1)).logins;
      const samples = await interleave(ROUNDS, (side) => loginSample(attio, apps[side], CONCURRENCY, SECONDS));
      for (const side of SIDES) {
        logins[side] += samples[side].reduce((sum, sample) => sum + sample.logins + sample.failures, 0);
        cpu[side] = samples[side].map((sample) => sample.cpuMicrosPerOp);
      }
    } finally {
      await stopApps(apps);
    }
  } finally {
    await attio.close();
  }
  report(logins, cpu);
}

function report(logins: PerSide<number>, cpu: PerSide<number[]>): void {
  const parts = { attio: partsPerLogin("attio", logins.attio), bare: partsPerLogin("bare", logins.bare) };
  const busy = (side: Side): number => [...parts[side]].reduce((sum, [name, micros]) => sum + (isPerLogin(name) ? micros : 0), 0);
  const row = (measure: string, attio: number, bare: number) => ({
    measure,
    attio: num(attio, 1),
    bare: num(bare, 1),
    ratio: num(attio - bare, 1),
  });
  const rows = PART_NAMES.filter(isPerLogin).map((name) => row(name, parts.attio.get(name) ?? 0, parts.bare.get(name) ?? 0));
  console.log(
    `\nMain-thread self time per login, µs, c=${CONCURRENCY}${MEMBER ? ", with member" : ""}; ` +
      `${logins.attio} and ${logins.bare} logins (the last column is AttioStrategy's minus bare's)\n`,
  );
  console.log(table([...rows, row("all of the above", busy("attio"), busy("bare"))], "difference"));
  console.log(
    `\nprocess CPU per login (all threads, user + system), medians of the rounds: ${num(median(cpu.attio), 0)} and ${num(median(cpu.bare), 0)} µs`,
  );
}

function isPerLogin(part: string): boolean {
  return !(NOT_PER_LOGIN as readonly string[]).includes(part);
}

/** The side's main-thread profile (Node numbers threads; the main one is 0), by part, per login. */
function partsPerLogin(side: Side, logins: number): Map<string, number> {
  const folder = path.join(PROFILES, side);
  const file = readdirSync(folder).find((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  if (!file) throw new Error(`No main-thread CPU profile in ${folder}.`);
  const totals = selfTimeByPart(JSON.parse(readFileSync(path.join(folder, file), "utf8")) as CpuProfile);
  return new Map([...totals].map(([name, micros]) => [name, micros / logins]));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
