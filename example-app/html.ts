/**
 * HTML built with a tagged template that escapes every interpolated value, so a
 * workspace name like `<script>` from Attio (or anything from the browser) shows
 * as text. Shared by the example app's pages and the sandbox's consent page.
 */

/** Markup that is already safe: produced by {@link html}, or by {@link raw} for constants. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Marks a constant string (never one that holds outside input) as markup. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * `html\`<p>${name}</p>\`` escapes `name`. Interpolated {@link SafeHtml} is kept,
 * arrays are joined, and `null`, `undefined` and `false` render as nothing
 * (so `${cond && html\`…\`}` works).
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/** A whole HTML document: `title` and `body` go through the same escaping rules. */
export function htmlDocument(title: string, css: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(css)}</style>
</head>
<body>
${body}
</body>
</html>
`.value;
}

/** `url` when it is an absolute http(s) URL, else null: keeps `javascript:` and friends out of `src`. */
export function httpUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const { protocol } = new URL(url);
    return protocol === "https:" || protocol === "http:" ? url : null;
  } catch {
    return null;
  }
}
