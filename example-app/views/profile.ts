/** The profile page: the workspace, the member who approved the app, the scopes, and the token actions. */
import type { AttioConnection } from "passport-attio";
import type { Account } from "../account";
import { html, httpUrl, SafeHtml } from "../html";
import { layout, PageContext } from "./layout";
import { Notice, noticeCard } from "./notice";

export interface ProfileView {
  readonly account: Account;
  /** What AttioConnections knows of the account's connection; null once it is gone. */
  readonly connection: AttioConnection | null;
  readonly requiredScopes: readonly string[];
  readonly notice: Notice | undefined;
}

export function profilePage(context: PageContext, { account, connection, requiredScopes, notice }: ProfileView): string {
  return layout(
    context,
    account.displayName,
    html`${noticeCard(notice)}
${workspaceCard(account)}
${memberCard(account)}
${scopesCard(account, requiredScopes)}
${connectionCard(account, connection)}`,
  );
}

function workspaceCard({ workspace }: Account): SafeHtml {
  const logo = httpUrl(workspace.logoUrl);
  return html`<section class="card">
  <h2>Workspace</h2>
  <div class="row">
    ${logo && html`<img class="logo" src="${logo}" alt="Workspace logo">`}
    <div><strong data-testid="workspace-name">${workspace.name ?? workspace.id}</strong><br><span class="muted">${workspace.slug ?? ""}</span></div>
  </div>
</section>`;
}

function memberCard(account: Account): SafeHtml {
  if (account.email === null && account.accessLevel === "unknown") {
    return html`<section class="card">
  <h2>Signed in as</h2>
  <p data-testid="member-name">${account.displayName}</p>
  <p class="muted">Attio did not share who approved the app: reading workspace members needs the <code>user_management:read</code> scope.</p>
</section>`;
  }
  return html`<section class="card">
  <h2>Signed in as</h2>
  <div class="row">
    ${avatar(account.avatarUrl)}
    <dl>
      <dt>Name</dt><dd data-testid="member-name">${account.displayName}</dd>
      <dt>Email</dt><dd>${account.email ?? "unknown"}</dd>
      <dt>Access level</dt><dd>${account.accessLevel}</dd>
    </dl>
  </div>
</section>`;
}

function avatar(url: string | null): SafeHtml {
  const src = httpUrl(url);
  return src ? html`<img class="avatar" src="${src}" alt="Avatar">` : html`<div class="placeholder" aria-hidden="true">?</div>`;
}

/** Required scopes beside granted ones, with a mark for each. */
function scopesCard(account: Account, requiredScopes: readonly string[]): SafeHtml {
  const granted = new Set(account.grantedScopes);
  const names = [...new Set([...requiredScopes, ...account.grantedScopes])];
  const rows = names.map((scope) => {
    const required = requiredScopes.includes(scope);
    const coveredBy = coveringScope(granted, scope);
    const mark = coveredBy
      ? html`<span class="ok" aria-label="granted">✓</span>`
      : html`<span class="bad" aria-label="not granted">✗</span>`;
    const note = coveredBy && coveredBy !== scope ? html` <span class="muted">(as ${coveredBy})</span>` : "";
    return html`<tr><td><code>${scope}</code></td><td>${required ? "required" : "not required"}</td><td>${mark}${note}</td></tr>`;
  });
  return html`<section class="card">
  <h2>Scopes</h2>
  <table><thead><tr><th>Scope</th><th>This app</th><th>Granted</th></tr></thead><tbody>${rows}</tbody></table>
  <p class="muted">Attio grants the scopes configured on the app in its developer dashboard; the strategy checked them against the required ones at sign-in.</p>
</section>`;
}

/** The granted scope that satisfies `scope`: itself, or for `X:read` also `X:read-write`. */
function coveringScope(granted: ReadonlySet<string>, scope: string): string | undefined {
  if (granted.has(scope)) return scope;
  const readWrite = scope.replace(/:read$/, ":read-write");
  return readWrite !== scope && granted.has(readWrite) ? readWrite : undefined;
}

function connectionCard(account: Account, connection: AttioConnection | null): SafeHtml {
  const status = connection === null ? "not connected" : connection.status === "active" ? "active" : "revoked: sign in again";
  return html`<section class="card">
  <h2>Connection</h2>
  <dl>
    <dt>Status</dt><dd data-testid="connection-status">${status}</dd>
    <dt>Last checked</dt><dd data-testid="connection-checked">${connection?.lastCheckedAt?.toISOString() ?? "not yet"}</dd>
    <dt>Issued</dt><dd>${account.issuedAt ?? "unknown"}</dd>
    <dt>Expires</dt><dd>${connection?.expiresAt?.toISOString() ?? account.expiresAt ?? "never (Attio's tokens do not expire)"}</dd>
    ${connection?.refreshedAt ? html`<dt>Renewed</dt><dd>${connection.refreshedAt.toISOString()}</dd>` : ""}
  </dl>
  <p class="muted">The token stays on the server, sealed in the app's connection store; the session holds only the connection's id. It is never shown.</p>
  <div class="actions">
    <form method="post" action="/token/check"><button type="submit">Check token</button></form>
    <form method="post" action="/disconnect"><button type="submit">Disconnect</button></form>
    <form method="post" action="/logout"><button type="submit">Sign out</button></form>
  </div>
</section>`;
}
