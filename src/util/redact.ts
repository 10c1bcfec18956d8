/** Longest text taken from a remote party (Attio, or the browser) into a message. */
const MAX_ECHO = 300;

/**
 * Makes text from outside safe to put in an error message: every secret is
 * replaced, control characters are dropped and the length is capped.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words; real secrets are long.
    if (secret.length >= 8) safe = safe.split(secret).join("[redacted]");
  }
  // eslint-disable-next-line no-control-regex
  safe = safe.replace(/[\u0000-\u001f\u007f]/g, " ");
  return safe.length > MAX_ECHO ? `${safe.slice(0, MAX_ECHO)}…` : safe;
}
