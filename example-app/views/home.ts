/** The home page: what this is, and the button that starts the sign-in. */
import { html } from "../html";
import { layout, PageContext } from "./layout";
import { Notice, noticeCard } from "./notice";

export function homePage(context: PageContext, notice?: Notice): string {
  const action =
    context.signedInAs === null
      ? html`<a class="button primary" href="/auth/attio">Sign in with Attio</a>`
      : html`<a class="button primary" href="/profile">See your profile</a>`;
  return layout(
    context,
    "Home",
    html`${noticeCard(notice)}
<section class="card">
  <h1>Sign in with Attio</h1>
  <p>This app signs you in with your Attio workspace through <code>passport-attio</code>: an OAuth 2.0 sign-in with PKCE,
  a check that the app was granted the scopes it needs, and a profile built from Attio's answers.</p>
  <div class="actions">${action}</div>
</section>`,
  );
}
