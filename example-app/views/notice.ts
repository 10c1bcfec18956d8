/** A one-time message on the next page: the outcome of "Check token" or "Disconnect". */
import { html, SafeHtml } from "../html";

export interface Notice {
  readonly tone: "success" | "warning" | "info";
  readonly title: string;
  readonly lines: readonly string[];
}

export function noticeCard(notice: Notice | undefined): SafeHtml | false {
  if (!notice) return false;
  return html`<section class="card notice ${notice.tone}" role="status">
  <h2>${notice.title}</h2>
  ${notice.lines.map((line) => html`<p>${line}</p>`)}
</section>`;
}
