/**
 * Every error this package raises. Each carries a stable `code` to branch on,
 * the HTTP `status` where one applies, and the underlying `cause`. Messages are
 * written for people and never contain a secret: no client secret, token,
 * authorization code or PKCE verifier is ever interpolated into one.
 *
 * @packageDocumentation
 */

/**
 * The codes an {@link AttioConfigError} carries.
 *
 * @example
 * ```ts
 * const code: AttioConfigErrorCode = "ATTIO_INVALID_OPTIONS";
 * ```
 */
export type AttioConfigErrorCode = "ATTIO_INVALID_OPTIONS";

/**
 * The codes an {@link AttioRequestError} carries: a request to Attio that gave no usable answer.
 *
 * @example
 * ```ts
 * const retryable: readonly AttioRequestErrorCode[] = ["ATTIO_TIMEOUT", "ATTIO_NETWORK_ERROR", "ATTIO_RATE_LIMITED"];
 * ```
 */
export type AttioRequestErrorCode =
  | "ATTIO_TIMEOUT"
  | "ATTIO_NETWORK_ERROR"
  | "ATTIO_RESPONSE_TOO_LARGE"
  | "ATTIO_RESPONSE_NOT_JSON"
  | "ATTIO_RESPONSE_INVALID"
  | "ATTIO_HTTP_ERROR"
  | "ATTIO_RATE_LIMITED";

/**
 * The codes an {@link AttioGrantError} carries: a grant that cannot serve the app.
 *
 * @example
 * ```ts
 * const signInAgain: readonly AttioGrantErrorCode[] = ["ATTIO_TOKEN_INACTIVE", "ATTIO_REAUTHORIZATION_REQUIRED"];
 * ```
 */
export type AttioGrantErrorCode =
  | "ATTIO_TOKEN_INACTIVE"
  | "ATTIO_WRONG_CLIENT"
  | "ATTIO_NO_CLIENT"
  | "ATTIO_WRONG_WORKSPACE"
  | "ATTIO_TOKEN_EXPIRED"
  | "ATTIO_WRONG_ISSUER"
  | "ATTIO_INVALID_MEMBER_ID"
  | "ATTIO_MEMBER_SUSPENDED"
  | "ATTIO_NO_WORKSPACE"
  | "ATTIO_INSUFFICIENT_SCOPE"
  | "ATTIO_REAUTHORIZATION_REQUIRED"
  | "ATTIO_NO_REFRESH_TOKEN"
  | "ATTIO_NOT_CONNECTED"
  | "ATTIO_INVALID_TOKEN";

/**
 * The codes an {@link AttioConnectionError} carries: a stored connection that could not be kept.
 *
 * @example
 * ```ts
 * const storeTrouble: readonly AttioConnectionErrorCode[] = ["ATTIO_STORE_FAILED", "ATTIO_STORE_TIMEOUT"];
 * ```
 */
export type AttioConnectionErrorCode = "ATTIO_RECORD_UNREADABLE" | "ATTIO_STORE_FAILED" | "ATTIO_STORE_TIMEOUT" | "ATTIO_REVOKE_FAILED";

/**
 * Stable codes carried by {@link AttioError} and its subclasses; each subclass names its own.
 *
 * @example
 * ```ts
 * function isRetryable(code: AttioErrorCode): boolean {
 *   return code === "ATTIO_TIMEOUT" || code === "ATTIO_NETWORK_ERROR";
 * }
 * ```
 */
export type AttioErrorCode = AttioConfigErrorCode | AttioRequestErrorCode | AttioGrantErrorCode | AttioConnectionErrorCode;

/** The error body Attio's API returns, e.g. `{"status_code":404,"type":"invalid_request_error","code":"not_found","message":"…"}`. */
export interface AttioErrorBody {
  readonly statusCode?: number;
  readonly type?: string;
  readonly code?: string;
  readonly message?: string;
}

/** Options shared by every {@link AttioError} constructor. */
export interface AttioErrorOptions {
  /** HTTP status of the response that caused the error, if any. */
  readonly status?: number;
  /** The underlying error or value. */
  readonly cause?: unknown;
  /** Attio's parsed error body, if the response had one. */
  readonly attio?: AttioErrorBody;
}

/**
 * Base class of every error raised by passport-attio.
 *
 * @example
 * ```ts
 * import { AttioError } from "passport-attio";
 * app.use((err, req, res, next) => {
 *   if (err instanceof AttioError && err.code === "ATTIO_TIMEOUT") return res.status(503).send("Attio is slow, try again");
 *   next(err);
 * });
 * ```
 */
export class AttioError extends Error {
  /** A stable, machine-readable code: branch on this, not on the message. */
  readonly code: AttioErrorCode;
  /** HTTP status of the response that caused the error, when there was one. */
  readonly status: number | undefined;
  /** Attio's error body (`status_code`, `type`, `code`, `message`), when it sent one. */
  readonly attio: AttioErrorBody | undefined;

  constructor(code: AttioErrorCode, message: string, options: AttioErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status;
    this.attio = options.attio;
  }
}

/**
 * The strategy was built with options that cannot work: an unknown option, a scope
 * outside Attio's catalogue, `pkce: "plain"`, a missing client id. Thrown by the constructor.
 *
 * @example
 * ```ts
 * try { new AttioStrategy({ ...options, scope: ["record_permission:read_write"] }, verify); }
 * catch (err) { console.error((err as AttioConfigError).message); } // …did you mean record_permission:read-write?
 * ```
 */
export class AttioConfigError extends AttioError {
  /** One of the codes this class carries. */
  declare readonly code: AttioConfigErrorCode;
  constructor(message: string) {
    super("ATTIO_INVALID_OPTIONS", message);
  }
}

/**
 * A request to Attio did not produce a usable answer: it timed out, the connection
 * failed, the body was too large, not JSON or missing a field, or Attio answered
 * with an error status. `status` and `attio` hold what Attio said.
 *
 * @example
 * ```ts
 * if (err instanceof AttioRequestError && err.code === "ATTIO_RATE_LIMITED") retryLater(err.retryAfterMs);
 * ```
 */
export class AttioRequestError extends AttioError {
  /** One of the codes this class carries. */
  declare readonly code: AttioRequestErrorCode;
  /** For `ATTIO_RATE_LIMITED`: how long Attio asked us to wait, in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(code: AttioRequestErrorCode, message: string, options: AttioErrorOptions & { readonly retryAfterMs?: number } = {}) {
    super(code, message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * The grant cannot be used as it is: the token is inactive or was issued to another
 * app, it lacks scopes the app requires, or it must be authorised again. During a
 * login these become an authentication failure (passport's `fail`), whose message
 * is shown by `failureMessage`.
 *
 * @example
 * ```ts
 * if (err instanceof AttioGrantError && err.code === "ATTIO_REAUTHORIZATION_REQUIRED") res.redirect("/auth/attio");
 * ```
 */
export class AttioGrantError extends AttioError {
  /** One of the codes this class carries. */
  declare readonly code: AttioGrantErrorCode;
  /** For `ATTIO_INSUFFICIENT_SCOPE`: the required scopes the grant lacks. */
  readonly missingScopes: readonly string[];

  constructor(
    code: AttioGrantErrorCode,
    message: string,
    options: AttioErrorOptions & { readonly missingScopes?: readonly string[] } = {},
  ) {
    super(code, message, options);
    this.missingScopes = options.missingScopes ?? [];
  }
}

/**
 * Why a stored connection record did not open: sealed under a key not among
 * `secret` (`unknown-key`), altered (`tampered`), moved from another
 * connection's id (`copied`), cut short (`truncated`), or not a record at all
 * (`malformed`).
 *
 * @example
 * ```ts
 * if (err instanceof AttioConnectionError && err.problem === "unknown-key") console.error("Was a key removed from TOKEN_KEYS too early?");
 * ```
 */
export type AttioRecordProblem = "unknown-key" | "tampered" | "copied" | "truncated" | "malformed";

/**
 * A connection could not be read, kept or revoked: the store failed or timed
 * out (`ATTIO_STORE_FAILED`, `ATTIO_STORE_TIMEOUT`), its record did not open
 * (`ATTIO_RECORD_UNREADABLE`, with `problem` saying why), or `disconnect`
 * forgot the token without Attio confirming the revocation
 * (`ATTIO_REVOKE_FAILED`, `tokenMayBeLive` true).
 *
 * @example
 * ```ts
 * try {
 *   await connections.disconnect(user.id);
 * } catch (err) {
 *   if (err instanceof AttioConnectionError && err.tokenMayBeLive) console.warn("Attio did not confirm the revocation:", err.message);
 * }
 * ```
 */
export class AttioConnectionError extends AttioError {
  /** One of the codes this class carries. */
  declare readonly code: AttioConnectionErrorCode;
  /** For `ATTIO_RECORD_UNREADABLE`: what is wrong with the record. */
  readonly problem: AttioRecordProblem | undefined;
  /** True when the local record is gone but Attio may still accept the token. */
  readonly tokenMayBeLive: boolean;
  /** For a revocation that Attio rate limited: how long it asked to wait, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: AttioConnectionErrorCode,
    message: string,
    options: AttioErrorOptions & {
      readonly problem?: AttioRecordProblem;
      readonly tokenMayBeLive?: boolean;
      readonly retryAfterMs?: number;
    } = {},
  ) {
    super(code, message, options);
    this.problem = options.problem;
    this.tokenMayBeLive = options.tokenMayBeLive ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}
