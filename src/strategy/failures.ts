/**
 * The sign-in failures a person can cause (denying access, a stale or replayed
 * link, a response from another browser), each with words they can read and a
 * stable code, whatever state store is in use. They reach the app as passport's
 * `info` (a custom callback's third argument) and as the `failureMessage`.
 */
import type { AttioErrorCode } from "../errors";

/** Codes of the failures at the callback, before any token is in hand. */
export type AttioCallbackFailureCode =
  | "ATTIO_ACCESS_DENIED"
  | "ATTIO_CALLBACK_MALFORMED"
  | "ATTIO_CODE_MISSING"
  | "ATTIO_CODE_REJECTED"
  | "ATTIO_HOST_INVALID"
  | "ATTIO_WRONG_ISSUER"
  | "ATTIO_STATE_MISSING"
  | "ATTIO_STATE_UNKNOWN"
  | "ATTIO_STATE_MISMATCH"
  | "ATTIO_STATE_EXPIRED"
  | "ATTIO_STATE_REPLAYED"
  | "ATTIO_STATE_INVALID"
  | "ATTIO_STATE_KEY_UNKNOWN"
  | "ATTIO_STATE_REJECTED";

/**
 * The `code` of a failed sign-in's `info`: a callback failure, or the code of the
 * {@link AttioGrantError} that refused the grant (`ATTIO_INSUFFICIENT_SCOPE`, …).
 * A custom state store may give codes of its own.
 */
export type AttioFailureCode = AttioCallbackFailureCode | AttioErrorCode | (string & {});

/**
 * What a failed sign-in hands the app as passport's `info`.
 *
 * @example
 * ```ts
 * app.get("/auth/attio/callback", (req, res, next) =>
 *   passport.authenticate("attio", { session: false }, (err: unknown, user: Express.User | false, info?: AttioFailure) => {
 *     if (err) return next(err);
 *     if (!user) return res.status(401).send(info?.code === "ATTIO_ACCESS_DENIED" ? "Maybe next time." : info?.message);
 *     res.json(user);
 *   })(req, res, next),
 * );
 * ```
 */
export interface AttioFailure {
  /** A sentence for the person who tried to sign in; never holds a secret. */
  readonly message: string;
  /** Stable: branch on this, not on the message. */
  readonly code: AttioFailureCode;
}

/** Each callback failure's sentence. */
export const FAILURE_MESSAGES: Readonly<Record<AttioCallbackFailureCode, string>> = {
  ATTIO_ACCESS_DENIED: "Access to Attio was not granted, so you are not signed in.",
  ATTIO_CALLBACK_MALFORMED: "The sign-in response from Attio was malformed. Please try signing in again.",
  ATTIO_CODE_MISSING: "The sign-in response from Attio had no authorization code. Please try signing in again.",
  ATTIO_CODE_REJECTED: "Attio did not accept this sign-in response: it was already used, or it expired. Please sign in again.",
  ATTIO_HOST_INVALID: "The request named no valid host, so the sign-in cannot continue. Please try again.",
  ATTIO_WRONG_ISSUER: "The sign-in response names an issuer other than Attio, so it was refused. Please try signing in again.",
  ATTIO_STATE_MISSING:
    "The sign-in response from Attio had no state, so it cannot be matched to a sign-in in progress. Please sign in again.",
  ATTIO_STATE_UNKNOWN:
    "No sign-in in progress was found in this browser for this response from Attio: it expired, was used already, or began in another browser. Please sign in again.",
  ATTIO_STATE_MISMATCH:
    "This response from Attio does not belong to the sign-in in progress in this browser (a newer sign-in may have replaced it). Please sign in again.",
  ATTIO_STATE_EXPIRED: "The sign-in took too long and expired. Please sign in again.",
  ATTIO_STATE_REPLAYED: "This response from Attio was already used to sign in. Please sign in again.",
  ATTIO_STATE_INVALID: "The sign-in state could not be verified (it was altered, or sealed with another secret). Please sign in again.",
  ATTIO_STATE_KEY_UNKNOWN: "The sign-in state was sealed with a key this server does not have. Please sign in again.",
  ATTIO_STATE_REJECTED: "This response from Attio could not be matched to a sign-in in progress. Please sign in again.",
};

/** The failure for `code`, with its standard sentence unless another is given. */
export function failure(code: AttioCallbackFailureCode, message: string = FAILURE_MESSAGES[code]): AttioFailure {
  return { message, code };
}
