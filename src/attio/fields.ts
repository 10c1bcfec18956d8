/**
 * Typed reads of optional fields from Attio's JSON. Absent is fine (Attio omits
 * fields rather than sending null); present with the wrong type is an error.
 */
import { AttioRequestError } from "../errors";

type Json = Readonly<Record<string, unknown>>;

function wrongType(where: string, key: string, expected: string): AttioRequestError {
  return new AttioRequestError("ATTIO_RESPONSE_INVALID", `The "${key}" field of Attio's ${where} is not ${expected}.`);
}

/** An optional string field. */
export function optionalString(json: Json, key: string, where: string): string | undefined {
  const value = json[key];
  if (value === undefined || typeof value === "string") return value;
  throw wrongType(where, key, "a string");
}

/** An optional field that may also be null. */
export function nullableString(json: Json, key: string, where: string): string | null | undefined {
  return json[key] === null ? null : optionalString(json, key, where);
}

/** An optional finite number field that may also be null. */
export function nullableNumber(json: Json, key: string, where: string): number | null | undefined {
  const value = json[key];
  if (value === undefined || value === null) return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw wrongType(where, key, "a number");
}
