/** The frame of every page: header, a sandbox banner when Attio is simulated, tidy inline CSS. */
import { html, htmlDocument, SafeHtml } from "../html";

/** Which Attio the app talks to. */
export type Mode = "sandbox" | "real";

const CSS = `
  :root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1c1d1f; background: #f6f6f8; }
  body { margin: 0; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 14px 24px; background: #fff; border-bottom: 1px solid #e4e4e8; }
  header a.brand { font-weight: 600; color: inherit; text-decoration: none; }
  .banner { background: #fff7e0; color: #6b4e00; font-size: 13px; padding: 8px 24px; border-bottom: 1px solid #f0e2b6; }
  main { max-width: 760px; margin: 32px auto; padding: 0 16px; }
  .card { background: #fff; border: 1px solid #e4e4e8; border-radius: 12px; padding: 24px 28px; margin-bottom: 20px; }
  h1 { font-size: 24px; margin: 0 0 12px; }
  h2 { font-size: 17px; margin: 0 0 12px; }
  p { line-height: 1.55; }
  .muted { color: #6b6e76; }
  .row { display: flex; gap: 16px; align-items: center; }
  img.avatar { width: 64px; height: 64px; border-radius: 50%; }
  img.logo { width: 48px; height: 48px; border-radius: 10px; }
  .placeholder { width: 64px; height: 64px; border-radius: 50%; background: #e4e4e8; display: flex; align-items: center; justify-content: center; color: #6b6e76; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
  dt { color: #6b6e76; }
  dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; }
  th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid #eeeef2; }
  code { font-family: ui-monospace, monospace; font-size: 13px; }
  .ok { color: #2b8a3e; font-weight: 600; }
  .bad { color: #c92a2a; font-weight: 600; }
  .actions { display: flex; flex-wrap: wrap; gap: 12px; }
  form { margin: 0; }
  .button, button { display: inline-block; font: inherit; font-size: 15px; border-radius: 8px; padding: 9px 18px; cursor: pointer; border: 1px solid #d4d4da; background: #fff; color: inherit; text-decoration: none; }
  .button.primary, button.primary { background: #2f6bff; border-color: #2f6bff; color: #fff; }
  .notice { border-left: 4px solid #2f6bff; }
  .notice.warning { border-left-color: #e8590c; }
  .notice.success { border-left-color: #2b8a3e; }
`;

/** What every page needs to know. */
export interface PageContext {
  readonly mode: Mode;
  readonly signedInAs: string | null;
}

export function layout(context: PageContext, title: string, content: SafeHtml): string {
  const banner =
    context.mode === "sandbox" &&
    html`<div class="banner">Sandbox mode: "Attio" here is a simulator running on this computer. Set ATTIO_CLIENT_ID and friends to use real Attio.</div>`;
  const who =
    context.signedInAs === null ? html`<span class="muted">Not signed in</span>` : html`<a href="/profile">${context.signedInAs}</a>`;
  const body = html`<header><a class="brand" href="/">passport-attio example</a>${who}</header>
${banner}
<main>
${content}
</main>`;
  return htmlDocument(`${title} · passport-attio example`, CSS, body);
}
