/**
 * The ways a remote party may have encoded text it echoes, undone: percent and
 * form encoding, HTML character references, JSON string escapes, and each of
 * those inside another. Used to find a secret however it was echoed.
 */

type Decoder = (text: string) => string;

const DECODERS: readonly Decoder[] = [percentDecode, (text) => percentDecode(text.replace(/\+/g, " ")), htmlUnescape, jsonUnescape];

/** `text` and every reading of it through one or two of the decoders, without repeats. */
export function decodedViews(text: string): string[] {
  const views = new Set([text]);
  for (let round = 0; round < 2; round++) {
    for (const view of [...views]) for (const decode of DECODERS) views.add(decode(view));
  }
  return [...views];
}

/** Decodes each run of %XX escapes that is valid UTF-8; leaves the others as they are. */
function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

const NAMED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function htmlUnescape(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,6});/g, (reference, body: string) => {
    if (!body.startsWith("#")) return NAMED[body.toLowerCase()] ?? reference;
    return fromCodePoint(body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)) ?? reference;
  });
}

const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function jsonUnescape(text: string): string {
  return text.replace(/\\(u[0-9A-Fa-f]{4}|["\\/bfnrt])/g, (escape, body: string) =>
    body.length === 5 ? String.fromCharCode(parseInt(body.slice(1), 16)) : (JSON_ESCAPES[body] ?? escape),
  );
}

function fromCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
