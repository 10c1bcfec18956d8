/** The page a failed sign-in lands on: what happened, in plain words, and a way back. */
import type { SignInFailure } from "../failures";
import { html } from "../html";
import { layout, PageContext } from "./layout";

export function failurePage(context: PageContext, failure: SignInFailure, hint: string | null): string {
  return layout(
    context,
    failure.title,
    html`<section class="card" data-failure="${failure.kind}">
  <h1>${failure.title}</h1>
  <p>${failure.explanation}</p>
  ${failure.detail !== null && html`<p class="muted">Details: ${failure.detail}</p>`}
  ${hint !== null && html`<p class="muted">${hint}</p>`}
  ${failure.code !== null && html`<p class="muted">Reference: <code>${failure.code}</code></p>`}
  <div class="actions"><a class="button primary" href="/auth/attio">Try again</a><a class="button" href="/">Home</a></div>
</section>`,
  );
}

/** For a bare visit to /auth/failed, or a page that does not exist. */
export function messagePage(context: PageContext, title: string, message: string): string {
  return layout(
    context,
    title,
    html`<section class="card"><h1>${title}</h1><p>${message}</p><div class="actions"><a class="button" href="/">Home</a></div></section>`,
  );
}
