/**
 * Finding a secret in what a case exposed, however it was written there: raw,
 * percent-encoded (either hex case), form-encoded, JSON- or HTML-escaped, and
 * any 16 characters of one of those in a row (a partial echo). Written apart
 * from the package's own redaction, so that it judges it rather than repeats it.
 */

/** Characters of a secret in a row that count as a leak. */
const PARTIAL = 16;

/** The secrets (at least 8 characters) that appear, in any encoding or in part, in any of `texts`. */
export function findLeaks(texts: readonly string[], secrets: readonly string[]): string[] {
  const distinct = [...new Set(secrets)].filter((secret) => secret.length >= 8);
  return distinct.filter((secret) => {
    const pieces = writtenForms(secret).flatMap(windows);
    return texts.some((text) => pieces.some((piece) => text.includes(piece)));
  });
}

/** The secret as each encoding a remote party or a page could use writes it. */
export function writtenForms(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = json.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const html = secret.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  const htmlNamed = secret
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
  const lower = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
  return [
    ...new Set([
      secret,
      percent,
      lower(percent),
      form,
      lower(form),
      json,
      asciiJson,
      asciiJson.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`),
      html,
      htmlNamed,
    ]),
  ];
}

function windows(form: string): string[] {
  if (form.length <= PARTIAL) return [form];
  return Array.from({ length: form.length - PARTIAL + 1 }, (_, start) => form.slice(start, start + PARTIAL));
}
