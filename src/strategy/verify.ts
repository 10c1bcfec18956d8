/**
 * The verify callback in all its forms: passport-oauth2's (with or without `req`,
 * with or without `params`, calling `done`) and an async function whose promise
 * gives the user.
 */
import type { Request } from "express";
import type { AttioProfile } from "../profile/profile";

/** The token response passed to verify as `params` (Attio sends `access_token` and `token_type`). */
export type AttioTokenParams = Readonly<Record<string, unknown>>;

/** What a verify callback reports: the user, or `false`/`null` with an optional `info.message`. */
export type AttioVerifyDone = (
  err?: unknown,
  user?: Express.User | false | null,
  info?: { message?: string; [key: string]: unknown },
) => void;

/** The user a promise-style verify resolves to; `false` or `null` fails authentication. */
export type AttioVerifyResult = Express.User | false | null;

/** `async (accessToken, refreshToken, params, profile) => user` */
export type AttioVerifyAsync = (
  accessToken: string,
  refreshToken: string | undefined,
  params: AttioTokenParams,
  profile: AttioProfile,
) => Promise<AttioVerifyResult>;
/**
 * `(accessToken, refreshToken, profile, done) => void`, passport-oauth2's usual form. It may
 * be `async`: it still reports through `done`, and a rejection is an error. (A `Promise<void>`
 * rather than any value, so that an async function returning the user is not taken for this form.)
 */
export type AttioVerifyWithProfile = (
  accessToken: string,
  refreshToken: string | undefined,
  profile: AttioProfile,
  done: AttioVerifyDone,
) => void | Promise<void>;
/**
 * `(accessToken, refreshToken, params, profile, done) => void`. It may be `async`:
 * it still reports through `done`, and a rejection is an error.
 */
export type AttioVerifyWithParams = (
  accessToken: string,
  refreshToken: string | undefined,
  params: AttioTokenParams,
  profile: AttioProfile,
  done: AttioVerifyDone,
) => void | Promise<void>;
/** Any verify callback for `passReqToCallback: false` (the default). */
export type AttioVerifyFunction = AttioVerifyAsync | AttioVerifyWithProfile | AttioVerifyWithParams;

/**
 * A verify form with the request in front, as used with `passReqToCallback: true`.
 *
 * @typeParam Form - one of the forms without the request, e.g. {@link AttioVerifyAsync}.
 *
 * @example
 * ```ts
 * const verify: AttioWithRequest<AttioVerifyAsync> = async (req, accessToken, refreshToken, params, profile) => ({ id: profile.id });
 * ```
 */
export type AttioWithRequest<Form extends (...args: never[]) => unknown> = Form extends (...args: infer Args) => infer Result
  ? (req: Request, ...args: Args) => Result
  : never;

/** `async (req, accessToken, refreshToken, params, profile) => user` */
export type AttioVerifyAsyncWithRequest = AttioWithRequest<AttioVerifyAsync>;
/** `(req, accessToken, refreshToken, profile, done) => void`; may be `async`, as {@link AttioVerifyWithProfile}. */
export type AttioVerifyWithProfileAndRequest = AttioWithRequest<AttioVerifyWithProfile>;
/** `(req, accessToken, refreshToken, params, profile, done) => void`; may be `async`, as {@link AttioVerifyWithParams}. */
export type AttioVerifyWithParamsAndRequest = AttioWithRequest<AttioVerifyWithParams>;
/** Any verify callback for `passReqToCallback: true`. */
export type AttioVerifyFunctionWithRequest =
  AttioVerifyAsyncWithRequest | AttioVerifyWithProfileAndRequest | AttioVerifyWithParamsAndRequest;

/** What the strategy knows when it calls verify. */
export interface VerifyArguments {
  readonly req: Request;
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly params: AttioTokenParams;
  readonly profile: AttioProfile | undefined;
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as FunctionConstructor;

/**
 * Calls `verify` in the form its arity and kind declare and reports exactly once
 * to `done`. The forms, counting parameters after `req`:
 *  - 5: `(accessToken, refreshToken, params, profile, done)`;
 *  - 4 and `async`: `(accessToken, refreshToken, params, profile)`, the promise gives the user;
 *  - anything else: `(accessToken, refreshToken, profile, done)`, as passport-oauth2 does.
 * In every form a returned promise counts too: a rejection is an error, and a
 * value other than `undefined` is the user (`false` or `null`: authentication failed).
 */
export function callVerify(
  verify: (...args: never[]) => unknown,
  passReqToCallback: boolean,
  args: VerifyArguments,
  done: AttioVerifyDone,
  thisArg?: unknown,
): void {
  let settled = false;
  const once: AttioVerifyDone = (err, user, info) => {
    if (settled) return;
    settled = true;
    done(err, user, info);
  };
  const declared = verify.length - (passReqToCallback ? 1 : 0);
  const promiseForm = declared === 4 && verify instanceof AsyncFunction;
  const withParams = declared === 5 || promiseForm;
  const callArgs: unknown[] = [
    ...(passReqToCallback ? [args.req] : []),
    args.accessToken,
    args.refreshToken,
    ...(withParams ? [args.params] : []),
    args.profile,
    ...(promiseForm ? [] : [once]),
  ];
  let result: unknown;
  try {
    result = Reflect.apply(verify, thisArg, callArgs);
  } catch (err) {
    return once(err);
  }
  if (!isThenable(result)) return;
  result.then(
    (user) => {
      // A callback-style function (Nest's, say) may resolve undefined and report through done.
      if (promiseForm || user !== undefined) once(null, (user as AttioVerifyResult | undefined) ?? false);
    },
    (err: unknown) => once(err ?? new Error("The verify callback rejected without a reason.")),
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
