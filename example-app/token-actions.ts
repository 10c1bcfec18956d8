/**
 * The profile page's connection actions. "Check token" asks Attio now whether
 * the connection's token still works (AttioConnections refreshes it first when
 * it is about to expire and Attio issued a refresh token). "Disconnect"
 * revokes the token at Attio, forgets it, signs out, and shows that Attio now
 * calls the token inactive.
 */
import type { NextFunction, Request, Response, Router } from "express";
import { AttioConnections, AttioError, AttioStrategy, checkAccessToken, TokenError } from "passport-attio";
import type { AttioConnection } from "passport-attio";
import { currentAccount } from "./account";
import type { Notice } from "./views/notice";

/** `POST /token/check` (back to the profile with a notice) and `POST /disconnect` (home, signed out, with a notice). */
export function mountTokenActions(router: Router, strategy: AttioStrategy, connections: AttioConnections): void {
  router.post("/token/check", (req, res, next) => {
    const account = currentAccount(req);
    if (!account) return res.redirect("/");
    connections
      .check(account.connectionId)
      .then(checkedNotice, failedAction("Could not check the token"))
      .then((notice) => showNotice(req, res, next, notice, "/profile"))
      .catch(next);
  });

  router.post("/disconnect", (req, res, next) => {
    const account = currentAccount(req);
    if (!account) return res.redirect("/");
    disconnect(strategy, connections, account.connectionId)
      .then((notice) =>
        // passport 0.7 regenerates the session on logout; the notice goes into the new one.
        req.logout((err) => (err ? next(err) : showNotice(req, res, next, notice, "/"))),
      )
      .catch(next);
  });
}

function checkedNotice(connection: AttioConnection): Notice {
  if (connection.status === "revoked") {
    return {
      tone: "warning",
      title: "The token is no longer active",
      lines: [
        "Attio says this token is inactive: it was revoked, or the app was uninstalled from the workspace. Sign out and sign in again to get a new one.",
      ],
    };
  }
  return {
    tone: "success",
    title: "The token is active",
    lines: [
      `Attio says this token is active for workspace ${connection.workspaceId ?? "(unknown)"}.`,
      `Granted scopes: ${connection.scopes.join(", ") || "none"}.`,
      connection.expiresAt ? `It expires at ${connection.expiresAt.toISOString()}.` : "It does not expire.",
    ],
  };
}

/**
 * Revokes and forgets the connection. The token is read first only so that
 * this demo can ask Attio afterwards and show that it no longer works.
 */
async function disconnect(strategy: AttioStrategy, connections: AttioConnections, id: string): Promise<Notice> {
  const token = await connections.getAccessToken(id).catch(() => undefined);
  try {
    await connections.disconnect(id);
  } catch (err) {
    return failedAction("Disconnected here, but Attio did not confirm the revocation")(err);
  }
  if (token === undefined)
    return { tone: "info", title: "Disconnected", lines: ["There was no working token to revoke. You are signed out."] };
  const status = await checkAccessToken(strategy, token).catch(() => undefined);
  return {
    tone: status?.active === false ? "success" : "warning",
    title: "Disconnected",
    lines: [
      status?.active === false
        ? "The token was revoked at Attio, which now reports it inactive."
        : "The token was revoked at Attio, but Attio could not confirm that it is now inactive.",
      "The app no longer keeps it, and you are signed out.",
    ],
  };
}

/** A notice for an action that failed; the package's messages are safe to show, anything else is not. */
function failedAction(title: string): (err: unknown) => Notice {
  return (err) => ({
    tone: "warning",
    title,
    lines: [
      err instanceof AttioError || err instanceof TokenError ? `${err.message} (${err.code})` : "Something went wrong. Please try again.",
    ],
  });
}

function showNotice(req: Request, res: Response, next: NextFunction, notice: Notice, path: string): void {
  req.session.notice = notice;
  req.session.save((err) => (err ? next(err) : res.redirect(path)));
}
