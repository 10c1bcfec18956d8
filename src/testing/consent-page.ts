/** The sandbox's pages: the consent screen a person approves or denies, and its error page. */
import { escapeHtml as e, sandboxDocument } from "./html";
import type { SandboxMember, SandboxWorkspace } from "./demo-data";

const CSS = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1c1d1f; }
  body { margin: 0; background: #f4f4f6; }
  .banner { background: #fff7e0; color: #6b4e00; font-size: 13px; text-align: center; padding: 8px; border-bottom: 1px solid #f0e2b6; }
  main { max-width: 440px; margin: 48px auto; background: #fff; border: 1px solid #e4e4e8; border-radius: 12px; padding: 28px 32px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  p { line-height: 1.5; }
  .muted { color: #6b6e76; font-size: 14px; }
  ul.scopes { padding-left: 0; list-style: none; margin: 8px 0 20px; }
  ul.scopes li { font-family: ui-monospace, monospace; font-size: 13px; background: #f4f4f6; border-radius: 6px; padding: 6px 10px; margin: 4px 0; }
  fieldset { border: 1px solid #e4e4e8; border-radius: 8px; padding: 8px 12px; margin: 0 0 20px; }
  legend { font-size: 14px; padding: 0 4px; }
  label.member { display: flex; gap: 10px; align-items: center; padding: 6px 0; cursor: pointer; }
  label.member small { display: block; color: #6b6e76; }
  .actions { display: flex; gap: 12px; justify-content: flex-end; }
  button { font: inherit; border-radius: 8px; padding: 8px 18px; cursor: pointer; border: 1px solid #d4d4da; background: #fff; }
  button.primary { background: #2f6bff; border-color: #2f6bff; color: #fff; }
`;

const BANNER = `<div class="banner">Attio sandbox: a stand-in for Attio running on this computer. No real Attio account is involved.</div>`;

/** What the consent page shows. */
export interface ConsentView {
  readonly requestId: string;
  readonly appName: string;
  readonly workspace: SandboxWorkspace;
  readonly scopes: readonly string[];
  readonly members: readonly SandboxMember[];
  /** Where the form posts the decision: `/authorize` under the sandbox's base path. */
  readonly formAction: string;
  /** Where the browser goes after the decision (shown so a person can check it). */
  readonly redirectOrigin: string;
}

/** The consent screen: app name, workspace, scopes, a member to approve as, Approve and Deny. */
export function consentPage(view: ConsentView): string {
  const scopes = view.scopes.length > 0 ? view.scopes.map((scope) => `<li>${e(scope)}</li>`).join("") : "<li>(no scopes)</li>";
  const members = view.members
    .map(
      (member, i) => `<label class="member"><input type="radio" name="member_id" value="${e(member.id)}"${i === 0 ? " checked" : ""}>
      <span>${e(member.firstName)} ${e(member.lastName)} <small>${e(member.email)} · ${e(member.accessLevel)}</small></span></label>`,
    )
    .join("");
  const workspace = e(view.workspace.name);
  const body = `${BANNER}
<main>
  <h1>${e(view.appName)} wants to access ${workspace}</h1>
  <p class="muted">The app is configured with these scopes:</p>
  <ul class="scopes">${scopes}</ul>
  <form method="post" action="${e(view.formAction)}">
    <input type="hidden" name="request_id" value="${e(view.requestId)}">
    <fieldset><legend>Continue as a member of ${workspace}</legend>${members}</fieldset>
    <p class="muted">You will be sent back to ${e(view.redirectOrigin)}.</p>
    <div class="actions">
      <button type="submit" name="decision" value="deny">Deny</button>
      <button type="submit" name="decision" value="approve" class="primary">Approve</button>
    </div>
  </form>
</main>`;
  return sandboxDocument(`Authorize ${view.appName} · Attio sandbox`, CSS, body);
}

/**
 * The page for a request that cannot be sent back to the app (unknown client,
 * unregistered redirect URI): RFC 6749 §4.1.2.1 forbids redirecting those.
 */
export function sandboxErrorPage(title: string, message: string): string {
  return sandboxDocument(`${title} · Attio sandbox`, CSS, `${BANNER}<main><h1>${e(title)}</h1><p>${e(message)}</p></main>`);
}
