/**
 * Turning what passport-attio reports about a failed sign-in into words a person
 * understands. The strategy's messages are written to be shown (they never hold
 * a secret), so they appear as the detail under a plain explanation.
 */
import { AttioError, AuthorizationError, TokenError } from "passport-attio";

/** Attio would not exchange the code: at sign-in a failure (ATTIO_CODE_REJECTED), elsewhere a TokenError. */
const CODE_REFUSED = [
  "Attio refused to finish the sign-in",
  "Attio would not exchange the sign-in code for access. The code may have expired or been used already; starting again usually fixes this.",
] as const;

/** Why a sign-in did not happen, as the failure page explains it. */
export interface SignInFailure {
  readonly kind: "denied" | "scopes" | "state" | "token" | "attio" | "unknown";
  readonly title: string;
  readonly explanation: string;
  /** The strategy's own message (safe to show), when there is one. */
  readonly detail: string | null;
  /** A stable code to quote when asking for help. */
  readonly code: string | null;
}

/** `info` as the strategy passes it to `fail()`: an AttioFailure, a message and a stable code. */
interface FailureInfo {
  readonly message?: unknown;
  readonly code?: unknown;
}

/** A sign-in that failed cleanly (passport's `fail`): denied, bad state, a refused code, an unusable grant. */
export function describeFailure(info: unknown): SignInFailure {
  const { message, code } = (typeof info === "object" && info !== null ? info : {}) as FailureInfo;
  const detail = typeof message === "string" ? message : null;
  const errorCode = typeof code === "string" ? code : null;
  if (errorCode === "ATTIO_ACCESS_DENIED") {
    return failure(
      "denied",
      "You chose not to connect Attio",
      "Attio said the request was denied, so you are not signed in. You can try again whenever you like.",
      null,
      errorCode,
    );
  }
  if (errorCode === "ATTIO_INSUFFICIENT_SCOPE") {
    return failure(
      "scopes",
      "The Attio app is missing permissions",
      "You approved the app, but it was not granted every scope it needs. Scopes are set on the app in Attio's developer dashboard, not at sign-in: add the missing ones there, then sign in again.",
      detail,
      errorCode,
    );
  }
  if (errorCode?.startsWith("ATTIO_STATE_")) {
    return failure(
      "state",
      "This sign-in could not be verified",
      "The answer from Attio does not match a sign-in started in this browser. This happens when the sign-in was started in another tab or browser, when it was started long ago, or when the link was altered. Please start again from this page.",
      detail,
      errorCode,
    );
  }
  if (errorCode === "ATTIO_CODE_REJECTED") {
    return failure("attio", ...CODE_REFUSED, detail, errorCode);
  }
  if (errorCode !== null)
    return failure(
      "token",
      "Attio did not accept the sign-in",
      "Attio answered, but the access it granted cannot be used by this app.",
      detail,
      errorCode,
    );
  return failure("unknown", "Sign-in did not complete", "The answer from Attio could not be used. Please try again.", detail, null);
}

/** A sign-in that failed with an error: Attio refused the code, or could not be reached. */
export function describeError(err: unknown): SignInFailure {
  if (err instanceof TokenError) {
    return failure("attio", ...CODE_REFUSED, err.message || null, err.code);
  }
  if (err instanceof AuthorizationError) {
    // Only the code: the description arrived in the URL, so anyone could have written it.
    return failure("attio", "Attio reported a problem", "Attio could not start the sign-in for this app.", null, err.code);
  }
  if (err instanceof AttioError) {
    return failure(
      "attio",
      "Attio could not finish the sign-in",
      "Attio could not be reached or did not answer as expected, so the sign-in could not finish. Please try again in a moment.",
      err.message,
      err.code,
    );
  }
  return failure("unknown", "Sign-in did not complete", "Something went wrong on our side. Please try again.", null, null);
}

function failure(
  kind: SignInFailure["kind"],
  title: string,
  explanation: string,
  detail: string | null,
  code: string | null,
): SignInFailure {
  return { kind, title, explanation, detail, code };
}
