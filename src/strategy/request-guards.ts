/** What the strategy checks about each request's setup, and how it turns a redeemed code into a failure. */
import type { Request } from "express";
import { TokenError } from "passport-oauth2";
import { AttioConfigError } from "../errors";
import { AttioFailure, failure } from "./failures";

/** The per-request strategy passport hands `authenticate`, with the actions it set on it. */
export interface RequestActions {
  fail(challenge: AttioFailure, status: number): void;
  error(err: Error): void;
}

/**
 * passport stores a `failureMessage` in `req.session.messages`, which throws without a session.
 * Said at once, and how to show the message instead, rather than as a TypeError at the first failure.
 */
export function setupMistake(req: Request, options: unknown): AttioConfigError | undefined {
  const failureMessage = typeof options === "object" && options !== null && (options as { failureMessage?: unknown }).failureMessage;
  if (!failureMessage || hasSession(req)) return undefined;
  return new AttioConfigError(
    "AttioStrategy: `failureMessage` needs a session (passport keeps the message in req.session.messages), and this request " +
      "has none. Without a session, leave out failureMessage and pass passport.authenticate a callback: " +
      "(err, user, info) => …, whose `info.message` says why a sign-in failed.",
  );
}

/**
 * Makes Attio's `invalid_grant` at the code exchange (the code was redeemed already, or expired:
 * a replayed callback) a failed sign-in rather than an error, on this request only.
 */
export function failRejectedCodes(actions: RequestActions): void {
  // passport sets the actions on a per-request object; never wrap a shared one twice.
  if (!Object.prototype.hasOwnProperty.call(actions, "error")) return;
  const error = actions.error;
  actions.error = (err: Error) => (isRejectedCode(err) ? actions.fail(failure("ATTIO_CODE_REJECTED"), 400) : error.call(actions, err));
}

/** RFC 6749's answer to a code that is spent, expired or bound to another verifier; a 5xx or 429 stays a fault. */
function isRejectedCode(err: Error): boolean {
  return err instanceof TokenError && err.code === "invalid_grant" && err.status === 400;
}

/** Whether session middleware gave this request a session (express-session, cookie-session, a framework's own). */
export function hasSession(req: Request): boolean {
  return (req as { session?: unknown }).session != null;
}
