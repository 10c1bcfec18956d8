/**
 * The sandbox's own HTML escaping: an app name like `<App>` or a member's name
 * shows as text on the consent page. Every value from outside goes through {@link escapeHtml}.
 */

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** A whole page; `body` must already be markup (its values escaped), `title` is escaped here. */
export function sandboxDocument(title: string, css: string, body: string): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${css}</style></head>`,
    `<body>${body}</body>`,
    "</html>",
  ].join("\n");
}
