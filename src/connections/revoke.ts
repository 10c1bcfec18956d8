/** The bare revoke helper, for apps that keep tokens themselves. */
import { AttioGrantError } from "../errors";
import { internalsOf } from "../strategy/internals";
import type { AttioStrategy } from "../strategy/strategy";

/** RFC 6749 A.12: a token is printable ASCII; anything else cannot be a token Attio issued. */
const VSCHAR = /^[\x20-\x7e]+$/;

/**
 * Revokes an access token at Attio (`POST` to the strategy's `revokeURL`,
 * default `https://app.attio.com/oauth/revoke`). Resolves when Attio answers
 * `204 No Content`; from then on the token is inactive.
 *
 * Every other answer rejects with an {@link AttioRequestError} whose message
 * never contains the token: `ATTIO_RATE_LIMITED` for a 429, with
 * `retryAfterMs` read from `Retry-After` (an HTTP-date or seconds; Attio allows
 * 50 revocations a minute per IP), `ATTIO_HTTP_ERROR` with `status` for the
 * rest, `ATTIO_TIMEOUT` / `ATTIO_NETWORK_ERROR` when Attio cannot be reached.
 * Nothing is retried here.
 *
 * @throws {@link AttioGrantError} `ATTIO_INVALID_TOKEN` for an empty string or one no header could carry (nothing is sent).
 * @example
 * ```ts
 * import { revokeAccessToken } from "passport-attio";
 * await revokeAccessToken(strategy, user.attioAccessToken);
 * ```
 */
export async function revokeAccessToken(strategy: AttioStrategy, accessToken: string): Promise<void> {
  const { client } = internalsOf(strategy);
  if (typeof accessToken !== "string" || !VSCHAR.test(accessToken)) {
    throw new AttioGrantError("ATTIO_INVALID_TOKEN", "revokeAccessToken needs an access token: a non-empty string of printable ASCII.");
  }
  await client.revoke(accessToken);
}
