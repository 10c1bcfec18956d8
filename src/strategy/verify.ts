/**
 * The verify callback in all its forms: passport-oauth2's (with or without `req`,
 * with or without `params`, calling `done`) and an async function whose promise
 * gives the user.
 */
import type { Request } from "express";
import { AttioConfigError } from "../errors";
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
 * `(accessToken, refreshToken, profile, done) => void`, passport-oauth2's usual form. It reports
 * through `done`. Not `async`: an async function of four parameters is {@link AttioVerifyAsync}.
 * A promise it returns may reject (an error), but one that fulfils before `done` is called is
 * an error too: that is the promise form in disguise. (`Promise<void>` rather than any value,
 * so that TypeScript never takes a function returning the user for this form.)
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

/** The parameters a verify function declares after `req` (negative for a rest parameter with `req`). */
function declaredParameters(verify: (...args: never[]) => unknown, passReqToCallback: boolean): number {
  return verify.length - (passReqToCallback ? 1 : 0);
}

/**
 * Refuses, when the strategy is built, a verify function whose parameters would be misread:
 * three of them (`params` or `profile` third?), or more than any form takes.
 */
export function checkVerifyArity(verify: (...args: never[]) => unknown, passReqToCallback: boolean): void {
  const declared = declaredParameters(verify, passReqToCallback);
  const req = passReqToCallback ? "req, " : "";
  if (declared === 3) {
    throw new AttioConfigError(
      `AttioStrategy: the verify callback declares three parameters${req ? " after req" : ""}, so the third could be ` +
        `params or the profile. Declare all four: async (${req}accessToken, refreshToken, params, profile) => user, ` +
        `or (${req}accessToken, refreshToken, profile, done) => void.`,
    );
  }
  if (declared > 5) {
    const hint = passReqToCallback ? "" : declared === 6 ? " If it takes the request first, set passReqToCallback: true." : "";
    throw new AttioConfigError(
      `AttioStrategy: the verify callback declares ${verify.length} parameters; the longest form is ` +
        `(${req}accessToken, refreshToken, params, profile, done).${hint}`,
    );
  }
}

/**
 * Calls `verify` in the form its arity and kind declare and reports exactly once
 * to `done`. The forms, counting parameters after `req`:
 *  - 5: `(accessToken, refreshToken, params, profile, done)`;
 *  - 4 and `async`: `(accessToken, refreshToken, params, profile)`, the promise gives the user;
 *  - 4, not `async`: `(accessToken, refreshToken, profile, done)`, as passport-oauth2 does. A
 *    promise it returns may only reject: fulfilled before `done` is called, it is taken for the
 *    promise form in disguise (a compiled `async`), and is an error, never a sign-in;
 *  - fewer: `(accessToken, refreshToken, profile, done)` too; a promise it returns gives the
 *    user unless it is `undefined` (a callback-style function, such as NestJS's, calls done).
 * A rejection is an error; `false` or `null` fails authentication.
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
  const declared = declaredParameters(verify, passReqToCallback);
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
  const classic = declared === 4 && !promiseForm;
  result.then(
    (user) => {
      if (classic) once(new AttioConfigError(disguisedPromiseForm(passReqToCallback)));
      // A callback-style function (Nest's, say) may resolve undefined and report through done.
      else if (promiseForm || user !== undefined) once(null, (user as AttioVerifyResult | undefined) ?? false);
    },
    (err: unknown) => once(err ?? new Error("The verify callback rejected without a reason.")),
  );
}

/** Why a four-parameter function that fulfilled a promise without calling done cannot sign anyone in. */
function disguisedPromiseForm(passReqToCallback: boolean): string {
  const req = passReqToCallback ? "req, " : "";
  return (
    `AttioStrategy: the verify callback declares four parameters${req ? " after req" : ""}, is not an async function, and ` +
    `returned a promise without calling done. Such a function is passport-oauth2's (${req}accessToken, refreshToken, profile, done) ` +
    `form, so it was given the profile third and done fourth, and its promise cannot be the user. For the promise form, declare ` +
    `it async (and compile to ES2017 or later, so that it stays async), or take done fifth: ` +
    `(${req}accessToken, refreshToken, params, profile, done). For the classic form, report through done.`
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
