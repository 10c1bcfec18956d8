/** Narrowing helpers for JSON of unknown shape. */

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The parsed JSON (as {@link parseSafeJson}), or undefined when `text` is not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return parseSafeJson(text);
  } catch {
    return undefined;
  }
}

/** Keys that change an object's prototype, or shadow its constructor, when an app spreads or assigns a record. */
const UNSAFE_KEY = /^(?:__proto__|constructor|prototype)$/;

/**
 * `JSON.parse` without the keys above, so parsed records are safe to spread or
 * `Object.assign`. The reviver runs only when such a key may be there (an escape can spell one).
 */
export function parseSafeJson(text: string): unknown {
  if (!/__proto__|constructor|prototype|\\u/.test(text)) return JSON.parse(text);
  return JSON.parse(text, (key, value: unknown) => (UNSAFE_KEY.test(key) ? undefined : value));
}
