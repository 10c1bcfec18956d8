/**
 * How many login cookies a browser may hold, decided when a new one is set:
 * the newest others up to `maxPending` in all and a byte budget for the whole
 * lot, so that a page that floods a victim with sign-ins can never grow the
 * Cookie header past what servers accept (Node's 16 KB, nginx's 8 KB buffers).
 */

/** Bytes our cookies may take in the Cookie header, together: far under every server's limit. */
export const COOKIE_BUDGET_BYTES = 4096;

/** A login cookie the browser holds, as far as the budget is concerned. */
export interface HeldCookie {
  readonly name: string;
  /** Bytes it takes in the Cookie header (`name=value; `). */
  readonly bytes: number;
  /** When its login expires (epoch ms): the newest are kept. */
  readonly expires: number;
}

/** The cookies to delete so that the new one, of `newBytes`, and those kept stay within both limits. */
export function cookiesOverBudget<T extends HeldCookie>(held: readonly T[], newBytes: number, maxPending: number): T[] {
  const newestFirst = [...held].sort((a, b) => b.expires - a.expires);
  let bytes = newBytes;
  let kept = 1;
  const dropped: T[] = [];
  for (const cookie of newestFirst) {
    if (kept < maxPending && bytes + cookie.bytes <= COOKIE_BUDGET_BYTES) {
      kept += 1;
      bytes += cookie.bytes;
    } else {
      dropped.push(cookie);
    }
  }
  return dropped;
}

/**
 * The longest path both the login route and the callback fall under, so the
 * browser sends the login cookies to both: `/auth/attio` for `/auth/attio` and
 * `/auth/attio/callback`, `/` when they share nothing.
 */
export function sharedPath(loginPath: string, callbackPath: string): string {
  const login = loginPath.split("/").filter(Boolean);
  const callback = callbackPath.split("/").filter(Boolean);
  const shared: string[] = [];
  for (const [index, segment] of callback.entries()) {
    if (login[index] !== segment) break;
    shared.push(segment);
  }
  return `/${shared.join("/")}`;
}
