/** Attio's timestamps (`iat`, `exp`) are seconds since the epoch. */

/** Seconds since the epoch to a Date; null for null, absent, or out of range. */
export function toDate(seconds: number | null | undefined): Date | null {
  if (seconds === null || seconds === undefined) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date;
}
