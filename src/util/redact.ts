/**
 * Making text from a remote party safe to quote. A server that echoes our request
 * may echo a secret raw, form- or percent-encoded (either hex case), JSON- or
 * HTML-escaped, or only in part; every one of those must stay out of messages.
 */
import { decodedViews } from "./encodings";

/** Longest text taken from a remote party (Attio, or the browser) into a message. */
const MAX_ECHO = 300;
/** Longest remote text examined; what lies beyond is never quoted anyway. */
const MAX_EXAMINED = 4 * MAX_ECHO;
/** Secrets shorter than this would redact ordinary words; real ones are long. */
const MIN_SECRET = 8;
/** This many characters of a secret in a row, in any encoding, count as quoting it. */
const PARTIAL = 16;
/** What replaces remote text that quotes a credential, whole or in part. */
export const WITHHELD = "[text withheld: it quoted a credential]";

/** Remote text that names the fields holding our credentials quotes our request: it is dropped whole. */
const CREDENTIAL_FIELD = /(?:client_secret|code_verifier)["']?\s*[=:]/i;

/**
 * Makes text from outside safe to put in an error message: every secret is
 * replaced in each encoding it could be echoed in, text that still quotes part
 * of one (or names `client_secret=` / `code_verifier=`) is withheld whole,
 * control characters become spaces and the length is capped.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const usable = secrets.filter((secret) => secret.length >= MIN_SECRET);
  let safe = text.slice(0, MAX_EXAMINED);
  for (const secret of usable) {
    for (const form of encodedForms(secret)) safe = safe.split(form).join("[redacted]");
  }
  if (quotesCredential(safe, usable)) return WITHHELD;
  // eslint-disable-next-line no-control-regex
  safe = safe.replace(/[\u0000-\u001f\u007f]/g, " ");
  return safe.length > MAX_ECHO ? `${safe.slice(0, MAX_ECHO)}…` : safe;
}

/** True when `text`, read in any of the encodings above, holds part of a secret in any form, or names a credential field. */
export function quotesCredential(text: string, secrets: readonly string[]): boolean {
  const views = decodedViews(text.slice(0, MAX_EXAMINED));
  if (views.some((view) => CREDENTIAL_FIELD.test(view))) return true;
  const forms = secrets.filter((secret) => secret.length >= MIN_SECRET).flatMap(encodedForms);
  if (forms.length === 0) return false;
  // Every run of PARTIAL characters the text holds, once: then each piece of a secret is one lookup.
  const runs = new Set(views.flatMap((view) => pieces(view)));
  return forms.some((form) =>
    form.length < PARTIAL ? views.some((view) => view.includes(form)) : pieces(form).some((piece) => runs.has(piece)),
  );
}

/** The whole secret as each encoding writes it, longest first so no form is left half-replaced. */
function encodedForms(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [secret, percent, lowerHex(percent), form, lowerHex(form), json, json.replace(/\//g, "\\/"), htmlEscape(secret)];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** Every run of {@link PARTIAL} characters of a written form (the whole form when it is shorter). */
function pieces(secret: string): string[] {
  if (secret.length <= PARTIAL) return [secret];
  return Array.from({ length: secret.length - PARTIAL + 1 }, (_, start) => secret.slice(start, start + PARTIAL));
}

function lowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[char] ?? ""};`);
}
