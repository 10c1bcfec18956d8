/**
 * The profile page's two token actions. With Attio, "Check token" is the one
 * that matters: tokens do not expire and there is no refresh token, so
 * "Refresh" shows the strategy's honest refusal (unless Attio one day sends
 * refresh tokens, in which case it just works).
 */
import type { NextFunction, Request, Response, Router } from "express";
import { AttioError, AttioStrategy, checkAccessToken, refreshAccessToken, TokenError } from "passport-attio";
import type { Notice } from "./views/notice";

/** `POST /token/check` and `POST /token/refresh`; each leaves a notice and goes back to the profile. */
export function mountTokenActions(router: Router, strategy: AttioStrategy): void {
  router.post("/token/check", (req, res, next) => {
    const tokens = req.session.attioTokens;
    if (!req.user || !tokens) return res.redirect("/");
    checkAccessToken(strategy, tokens.accessToken)
      .then(
        (status): Notice =>
          status.active
            ? {
                tone: "success",
                title: "The token is active",
                lines: [
                  `Attio says this token is active for workspace ${status.workspaceId ?? "(unknown)"}.`,
                  `Granted scopes: ${status.scopes.join(", ") || "none"}.`,
                  status.expiresAt ? `It expires at ${status.expiresAt.toISOString()}.` : "It does not expire.",
                ],
              }
            : {
                tone: "warning",
                title: "The token is no longer active",
                lines: [
                  "Attio says this token is inactive: it was revoked, or the app was uninstalled from the workspace. Sign out and sign in again to get a new one.",
                ],
              },
        failedAction("Could not check the token"),
      )
      .then((notice) => backToProfile(req, res, next, notice))
      .catch(next);
  });

  router.post("/token/refresh", (req, res, next) => {
    const tokens = req.session.attioTokens;
    if (!req.user || !tokens) return res.redirect("/");
    refreshAccessToken(strategy, tokens.refreshToken)
      .then((refreshed): Notice => {
        req.session.attioTokens = { accessToken: refreshed.accessToken, refreshToken: refreshed.refreshToken };
        const expiry = refreshed.expiresAt ? `It expires at ${refreshed.expiresAt.toISOString()}.` : "It does not expire.";
        return { tone: "success", title: "Got a new access token", lines: [expiry] };
      }, refreshRefused)
      .then((notice) => backToProfile(req, res, next, notice))
      .catch(next);
  });
}

function refreshRefused(err: unknown): Notice {
  if (err instanceof AttioError && err.code === "ATTIO_NO_REFRESH_TOKEN") {
    return {
      tone: "info",
      title: "Nothing to refresh",
      lines: [
        "Attio did not issue a refresh token with this sign-in, and it does not need to: Attio's access tokens do not expire.",
        'A token stops working only when it is revoked or the app is uninstalled; "Check token" tells you whether it still works.',
        `The strategy said (${err.code}): ${err.message}`,
      ],
    };
  }
  return failedAction("Could not refresh the token")(err);
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

function backToProfile(req: Request, res: Response, next: NextFunction, notice: Notice): void {
  req.session.notice = notice;
  req.session.save((err) => (err ? next(err) : res.redirect("/profile")));
}
