/**
 * A V8 CPU profile's self time, summed by the part of the stack that spent it:
 * passport-attio, passport-oauth2 and node-oauth, express-session, Node's HTTP
 * client, and so on. Pure: reads the profile's JSON, knows nothing of the run.
 */

/** The fields of a `.cpuprofile` this reads. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string } }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where time goes that is no login's: waiting, and loading code at startup. */
export const NOT_PER_LOGIN = ["(idle)", "startup: loading and compiling code"] as const;

/** Parts in the order printed; the first whose test matches a frame gets its time. */
const PARTS: readonly (readonly [string, (url: string, name: string) => boolean])[] = [
  ["(idle)", (url, name) => url === "" && name === "(idle)"],
  ["garbage collection", (url, name) => url === "" && name === "(garbage collector)"],
  ["startup: loading and compiling code", (url) => /node:internal\/(modules|source_map)|\/node_modules\/(tsx|esbuild|pako)\//.test(url)],
  ["passport-attio (dist/)", (url) => url.includes("/dist/") && !url.includes("/node_modules/")],
  ["passport-oauth2 and node-oauth", (url) => /\/node_modules\/(passport-oauth2|oauth)\//.test(url)],
  ["bare's hand-written profile (bench/strategies.ts)", (url) => url.endsWith("/bench/strategies.ts")],
  ["passport", (url) => url.includes("/node_modules/passport/")],
  [
    "express-session (and cookie, uid-safe)",
    (url) => /\/node_modules\/(express-session|cookie|cookie-signature|uid-safe|on-headers)\//.test(url),
  ],
  ["Express (router, body, send)", (url) => url.includes("/node_modules/")],
  ["Node's HTTP client and agent", (url) => /^node:_http_(client|agent)$/.test(url)],
  ["Node's HTTP parser, server and headers", (url) => url.startsWith("node:_http_")],
  ["URL parsing", (url, name) => /^node:(internal\/)?url$/.test(url) || (url === "" && name === "parse")],
  ["crypto", (url) => url.startsWith("node:internal/crypto") || url === "node:crypto"],
  [
    "sockets, streams and writes",
    (url, name) => /^node:(net|internal\/streams|internal\/stream_base_commons)/.test(url) || (url === "" && /^write/.test(name)),
  ],
  [
    "timers, events, promises, nextTick",
    (url, name) => /^node:(internal\/timers|timers|events|internal\/process\/task_queues)$/.test(url) || name === "runMicrotasks",
  ],
  ["other (Node and V8)", () => true],
];

/** The part names, in print order. */
export const PART_NAMES: readonly string[] = PARTS.map(([name]) => name);

/** Microseconds of self time per part. */
export function selfTimeByPart(profile: CpuProfile): Map<string, number> {
  const partOfNode = new Map<number, string>();
  for (const node of profile.nodes) {
    const { url, functionName } = node.callFrame;
    partOfNode.set(node.id, PARTS.find(([, matches]) => matches(url, functionName))?.[0] ?? "other (Node and V8)");
  }
  const totals = new Map<string, number>(PART_NAMES.map((name) => [name, 0]));
  profile.samples.forEach((nodeId, index) => {
    const part = partOfNode.get(nodeId) ?? "other (Node and V8)";
    totals.set(part, (totals.get(part) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  return totals;
}
