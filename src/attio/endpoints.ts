/** Where Attio lives, and how long a request to it may take unless the app says otherwise. */

/** Attio's authorization endpoint. */
export const ATTIO_AUTHORIZATION_URL = "https://app.attio.com/authorize";
/** Attio's token endpoint. */
export const ATTIO_TOKEN_URL = "https://app.attio.com/oauth/token";
/** Attio's token revocation endpoint, the default of the strategy's `revokeURL`. */
export const ATTIO_REVOKE_URL = "https://app.attio.com/oauth/revoke";
/** The base of Attio's REST API. */
export const ATTIO_API_URL = "https://api.attio.com";
/** Milliseconds every request to Attio may take, token exchange included. */
export const DEFAULT_TIMEOUT_MS = 10_000;
