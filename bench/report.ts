/** Medians, ratios and the printed table. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** `1.02x`: AttioStrategy's figure over bare passport-oauth2's. */
export function ratio(attio: number, bare: number): string {
  return `${(attio / bare).toFixed(2)}x`;
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
export function table(rows: readonly Row[]): string {
  const header: Row = { measure: "measure", attio: "AttioStrategy", bare: "bare passport-oauth2", ratio: "Attio / bare" };
  const all = [header, ...rows];
  const width = (key: keyof Row): number => Math.max(...all.map((row) => row[key].length));
  const keys: (keyof Row)[] = ["measure", "attio", "bare", "ratio"];
  const line = (row: Row): string => `| ${keys.map((key) => row[key].padEnd(width(key))).join(" | ")} |`;
  const rule = `|${keys.map((key) => "-".repeat(width(key) + 2)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}
