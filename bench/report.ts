/** Medians, ratios and the printed table. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** `1.02x`: AttioStrategy's figure over bare passport-oauth2's. */
export function ratio(attio: number, bare: number): string {
  return times(attio / bare);
}

export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : "n/a";
}

/** Throughput of both sides: the medians, and the median of the ratios of each round's pair. */
export interface Comparison {
  readonly attio: number;
  readonly bare: number;
  readonly ratio: number;
}

/**
 * Compares per-round samples taken back to back. The ratio is the median of
 * each round's own ratio, so load from elsewhere on the machine, which drifts
 * over seconds, mostly cancels out within a pair.
 */
export function compare(attio: readonly number[], bare: readonly number[]): Comparison {
  const ratios = attio.map((value, round) => value / (bare[round] ?? Number.NaN));
  return { attio: median(attio), bare: median(bare), ratio: median(ratios) };
}

/** A number with up to `digits` decimals, trailing zeros dropped (2, 2.5, 2.33). */
export function num(value: number, digits = 2): string {
  return Number.isFinite(value) ? String(Number(value.toFixed(digits))) : "n/a";
}

export interface Row {
  readonly measure: string;
  readonly attio: string;
  readonly bare: string;
  readonly ratio: string;
}

/** A Markdown table, so the same text reads in a terminal and in the docs. */
export function table(rows: readonly Row[], lastColumn = "Attio / bare"): string {
  const header: Row = { measure: "measure", attio: "AttioStrategy", bare: "bare passport-oauth2", ratio: lastColumn };
  const all = [header, ...rows];
  const width = (key: keyof Row): number => Math.max(...all.map((row) => row[key].length));
  const keys: (keyof Row)[] = ["measure", "attio", "bare", "ratio"];
  const line = (row: Row): string => `| ${keys.map((key) => row[key].padEnd(width(key))).join(" | ")} |`;
  const rule = `| ${keys.map((key) => "-".repeat(width(key))).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}
