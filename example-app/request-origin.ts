/**
 * In sandbox mode the sandbox shares the app's server, but the strategy knows
 * it by one fixed URL. A browser may have come through another address (a LAN
 * address, a forwarded port), so every URL of the sandbox that reaches the
 * browser (the redirect to its consent page, its images) is moved to the
 * address this request came to.
 */
import type { NextFunction, Request, Response } from "express";

/** `url` on the request's own origin, when it is one of the sandbox's; otherwise as it is. */
export function atRequestOrigin(req: Request, url: string, sandboxUrl: string): string {
  if (url !== sandboxUrl && !url.startsWith(`${sandboxUrl}/`)) return url;
  return `${req.protocol}://${req.get("host") ?? ""}${url.slice(new URL(sandboxUrl).origin.length)}`;
}

/** Moves a redirect to the sandbox (passport sets `Location` itself) to the request's origin. */
export function sandboxRedirectsAtRequestOrigin(sandboxUrl: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) =>
      setHeader(name, name.toLowerCase() === "location" && typeof value === "string" ? atRequestOrigin(req, value, sandboxUrl) : value);
    next();
  };
}
