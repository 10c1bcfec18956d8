/**
 * Each error class names the codes it can carry, so a branch on a code the class never
 * carries, or a class built with another's code, does not compile. Compiled, never run.
 */
import { expectTypeOf } from "expect-type";
import { AttioConfigError, AttioConnectionError, AttioError, AttioGrantError, AttioRequestError } from "passport-attio";
import type {
  AttioConfigErrorCode,
  AttioConnectionErrorCode,
  AttioErrorCode,
  AttioGrantErrorCode,
  AttioRequestErrorCode,
} from "passport-attio";

expectTypeOf<AttioConfigError["code"]>().toEqualTypeOf<"ATTIO_INVALID_OPTIONS">();
expectTypeOf<AttioRequestError["code"]>().toEqualTypeOf<AttioRequestErrorCode>();
expectTypeOf<AttioGrantError["code"]>().toEqualTypeOf<AttioGrantErrorCode>();
expectTypeOf<AttioConnectionError["code"]>().toEqualTypeOf<AttioConnectionErrorCode>();
expectTypeOf<AttioError["code"]>().toEqualTypeOf<AttioErrorCode>();
expectTypeOf<
  AttioConfigErrorCode | AttioRequestErrorCode | AttioGrantErrorCode | AttioConnectionErrorCode
>().toEqualTypeOf<AttioErrorCode>();

// No code belongs to two classes, so `instanceof` and `code` never disagree.
expectTypeOf<Extract<AttioRequestErrorCode, AttioGrantErrorCode>>().toBeNever();
expectTypeOf<Extract<AttioConnectionErrorCode, AttioRequestErrorCode | AttioGrantErrorCode>>().toBeNever();
expectTypeOf<Extract<AttioConfigErrorCode, AttioRequestErrorCode | AttioGrantErrorCode | AttioConnectionErrorCode>>().toBeNever();

new AttioGrantError("ATTIO_INSUFFICIENT_SCOPE", "Missing scopes", { missingScopes: ["note:read"] });
new AttioRequestError("ATTIO_TIMEOUT", "Too slow");
// @ts-expect-error a timeout is a request's fault, never a grant's
new AttioGrantError("ATTIO_TIMEOUT", "Too slow");
// @ts-expect-error an inactive token is a grant's problem, not a request's
new AttioRequestError("ATTIO_TOKEN_INACTIVE", "Inactive");

declare const err: unknown;
if (err instanceof AttioGrantError) {
  expectTypeOf(err.code).toEqualTypeOf<AttioGrantErrorCode>();
  // @ts-expect-error the comparison can never be true: an AttioGrantError never carries ATTIO_TIMEOUT
  if (err.code === "ATTIO_TIMEOUT") throw err;
}
if (err instanceof AttioError && err.code === "ATTIO_TIMEOUT") {
  // Narrowing on the base class still works for every code.
  expectTypeOf(err.code).toEqualTypeOf<"ATTIO_TIMEOUT">();
}
