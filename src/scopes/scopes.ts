/** Normalising the scopes an app requires, and checking them against a grant. */
import { closest } from "../util/closest";
import { AttioConfigError } from "../errors";
import { ATTIO_SCOPES, AttioScope, isAttioScope } from "../attio/scope-catalogue";

/** Splits a space-separated scope string (as in `/v2/self`) into scopes. */
export function splitScopes(value: string): string[] {
  return value.split(/\s+/).filter((scope) => scope !== "");
}

/**
 * Validates the scopes an app requires against the catalogue and collapses
 * duplicates, and `X:read` beside `X:read-write`. Throws {@link AttioConfigError}
 * naming the nearest valid scope for a typo.
 */
export function normalizeRequiredScopes(input: string | readonly string[] | undefined): AttioScope[] {
  if (input === undefined) return [];
  const names = typeof input === "string" ? splitScopes(input) : input;
  const valid = new Set<AttioScope>();
  for (const name of names) {
    if (typeof name !== "string") throw new AttioConfigError("AttioStrategy: every scope must be a string.");
    if (!isAttioScope(name)) throw new AttioConfigError(unknownScopeMessage(name));
    valid.add(name);
  }
  return [...valid].filter((scope) => !(scope.endsWith(":read") && valid.has(readWriteOf(scope))));
}

function unknownScopeMessage(name: string): string {
  const suggestion = closest(name, Object.keys(ATTIO_SCOPES));
  const hint = suggestion ? ` Did you mean ${suggestion}?` : " See ATTIO_SCOPES for the catalogue.";
  return `AttioStrategy: "${name.slice(0, 80)}" is not an Attio scope.${hint}`;
}

function readWriteOf(readScope: string): AttioScope {
  return `${readScope.slice(0, -":read".length)}:read-write` as AttioScope;
}

/** True when `granted` includes `scope`, counting `X:read-write` as covering `X:read`. */
export function grantCovers(granted: ReadonlySet<string>, scope: string): boolean {
  return granted.has(scope) || (scope.endsWith(":read") && granted.has(readWriteOf(scope)));
}

/** The required scopes that `granted` does not cover, in the order they were required. */
export function missingScopes(required: readonly string[], granted: readonly string[]): string[] {
  const grantedSet = new Set(granted);
  return required.filter((scope) => !grantCovers(grantedSet, scope));
}
