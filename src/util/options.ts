/** Checks shared by the option objects of the package's classes. */
import type { AttioConfigError } from "../errors";
import { closest } from "./closest";

/** Throws for the first option not in `known`, suggesting the closest known name. */
export function rejectUnknownOptions(
  given: Partial<Record<string, unknown>>,
  known: readonly string[],
  configError: (problem: string) => AttioConfigError,
): void {
  for (const key of Object.keys(given)) {
    if (given[key] === undefined || known.includes(key)) continue;
    const suggestion = closest(key, known);
    throw configError(`unknown option "${key.slice(0, 60)}".${suggestion ? ` Did you mean ${suggestion}?` : ""}`);
  }
}
