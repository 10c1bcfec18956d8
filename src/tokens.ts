/** Keeping tokens usable: refresh where Attio issues refresh tokens, check where it does not. */
import { TokenError } from "passport-oauth2";
import { AttioGrantError } from "./errors";
import { splitScopes } from "./scopes/scopes";
import { internalsOf } from "./strategy/internals";
import type { AttioStrategy } from "./strategy/strategy";
import { toDate } from "./util/to-date";

/** The outcome of {@link refreshAccessToken}. */
export interface RefreshedTokens {
  readonly accessToken: string;
  /** The new refresh token, or the one passed in when the response had none. */
  readonly refreshToken: string;
  /** When the new access token expires; null when the response gave no `expires_in`. */
  readonly expiresAt: Date | null;
  /** The granted scopes, when the response listed them; null otherwise. */
  readonly scopes: readonly string[] | null;
  /** The whole token response. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The outcome of {@link checkAccessToken}. */
export interface TokenStatus {
  /** False for a revoked, deleted or unknown token. */
  readonly active: boolean;
  /** The granted scopes (empty when inactive). */
  readonly scopes: readonly string[];
  /** The workspace the token belongs to; null when inactive. */
  readonly workspaceId: string | null;
  /** Expiry; null for Attio's non-expiring tokens and for inactive ones. */
  readonly expiresAt: Date | null;
}

/**
 * Exchanges a refresh token for a new access token (`grant_type=refresh_token`
 * at the strategy's token URL). Concurrent calls with the same refresh token
 * share one request.
 *
 * Attio issues no refresh token today and its access tokens do not expire, so
 * with Attio this rejects at once with `ATTIO_NO_REFRESH_TOKEN`: use
 * {@link checkAccessToken} instead. The helper is ready for the day Attio does.
 *
 * @throws {@link AttioGrantError} `ATTIO_NO_REFRESH_TOKEN` without a refresh token;
 *   `ATTIO_REAUTHORIZATION_REQUIRED` when Attio answers `invalid_grant`.
 * @example
 * ```ts
 * const tokens = await refreshAccessToken(strategy, user.attioRefreshToken);
 * await users.saveTokens(user.id, tokens.accessToken, tokens.refreshToken, tokens.expiresAt);
 * ```
 */
export async function refreshAccessToken(strategy: AttioStrategy, refreshToken: string | null | undefined): Promise<RefreshedTokens> {
  const { client } = internalsOf(strategy);
  if (typeof refreshToken !== "string" || refreshToken === "") {
    throw new AttioGrantError(
      "ATTIO_NO_REFRESH_TOKEN",
      "There is no refresh token to use. Attio's access tokens do not expire and Attio issues no refresh token; use checkAccessToken() to see whether a token is still active.",
    );
  }
  try {
    const token = await client.refresh(refreshToken);
    return {
      accessToken: token.accessToken,
      refreshToken: token.refreshToken ?? refreshToken,
      expiresAt: token.expiresIn === undefined ? null : new Date(Date.now() + token.expiresIn * 1000),
      scopes: token.scope === undefined ? null : splitScopes(token.scope),
      raw: token.raw,
    };
  } catch (err) {
    if (err instanceof TokenError && err.code === "invalid_grant") {
      throw new AttioGrantError(
        "ATTIO_REAUTHORIZATION_REQUIRED",
        "Attio rejected the refresh token (invalid_grant): the user must authorise the app in Attio again.",
        { status: err.status, cause: err },
      );
    }
    throw err;
  }
}

/**
 * Asks Attio (`GET /v2/self`) whether an access token is still active. An
 * inactive token resolves to `{ active: false }`; only faults reject.
 *
 * @example
 * ```ts
 * const status = await checkAccessToken(strategy, user.attioAccessToken);
 * if (!status.active) return res.redirect("/auth/attio");
 * ```
 */
export async function checkAccessToken(strategy: AttioStrategy, accessToken: string): Promise<TokenStatus> {
  const { client } = internalsOf(strategy);
  if (typeof accessToken !== "string" || accessToken === "") return INACTIVE;
  const { json: self } = await client.getSelf(accessToken);
  if (!self.active) return INACTIVE;
  return {
    active: true,
    scopes: self.scope === undefined ? [] : splitScopes(self.scope),
    workspaceId: self.workspace_id ?? null,
    expiresAt: toDate(self.exp),
  };
}

const INACTIVE: TokenStatus = Object.freeze({ active: false, scopes: Object.freeze([]), workspaceId: null, expiresAt: null });
