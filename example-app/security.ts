/**
 * The example app's defences: security headers, a session cookie scripts cannot
 * read, and a same-origin check on every form post.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import session from "express-session";
import helmet from "helmet";

/** helmet's defaults, with images allowed from Attio (https) and, in sandbox mode, from the sandbox. */
export function securityHeaders(options: { secure: boolean; imageOrigins: readonly string[] }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        // Workspace logos and avatars live on Attio's asset hosts.
        "img-src": ["'self'", "data:", "https:", ...options.imageOrigins],
        // Over plain http (local runs) upgrading would break the sandbox's images.
        "upgrade-insecure-requests": options.secure ? [] : null,
      },
    },
    strictTransportSecurity: options.secure,
    // helmet's no-referrer makes browsers send "Origin: null" on form posts,
    // which the same-origin check below needs to read; other sites still get nothing.
    referrerPolicy: { policy: "same-origin" },
  });
}

const EIGHT_HOURS_MS = 8 * 60 * 60 * 1000;

/**
 * The session: an httpOnly, SameSite=Lax cookie (`secure` when the app is served
 * over https). Lax still sends the cookie when Attio redirects the browser back,
 * which a top-level GET is, and withholds it from cross-site form posts.
 * The memory store suits a demo; use a shared store (Redis, a database) in production.
 */
export function sessions(options: { secret: string; secure: boolean; store: session.Store | undefined }): RequestHandler {
  return session({
    ...(options.store ? { store: options.store } : {}),
    name: "example.sid",
    secret: options.secret,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: "lax", secure: options.secure, maxAge: EIGHT_HOURS_MS },
  });
}

/**
 * Refuses a state-changing request that a browser did not send from this app's
 * own pages (cross-site request forgery). SameSite=Lax already keeps the session
 * cookie off cross-site posts; this check also covers same-site attackers
 * (another app on the same domain) and old browsers. Browsers send `Origin` on
 * every POST and modern ones `Sec-Fetch-Site`: each present one must agree, and
 * one must be there.
 */
export function sameOriginPosts(publicOrigin: string | undefined, refuse: (res: Response) => void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const origin = req.get("origin");
    const site = req.get("sec-fetch-site");
    // Without a fixed public origin the app is its own at whatever address the request came to.
    const expected = publicOrigin ?? `${req.protocol}://${req.get("host") ?? ""}`;
    const originOk = origin === undefined || origin === expected;
    const siteOk = site === undefined || site === "same-origin";
    if (originOk && siteOk && (origin !== undefined || site !== undefined)) return next();
    refuse(res);
  };
}
