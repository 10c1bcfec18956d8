/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser
 * downloads are not used). `npm test` installs the package first through
 * scripts/ensure-chromium.sh.
 */
import { accessSync, constants } from "node:fs";
import { Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

/** Flags for a quiet, headless, loopback-only browser. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-proxy-server",
];

export function chromiumInstalled(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Skips the suite when Chromium is missing on a developer's machine, and fails
 * it under CI=true, where the browser tests must run.
 */
export function requireChromium(context: Mocha.Context): void {
  if (chromiumInstalled()) return;
  const why = `Chromium is not installed at ${CHROMIUM_PATH} (run: bash scripts/ensure-chromium.sh as root, or set CHROMIUM_PATH).`;
  if (process.env["CI"] === "true") throw new Error(why);
  context.skip();
}

/** Launches headless Chromium; Playwright gives it a fresh, temporary --user-data-dir. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS, timeout: 30_000 });
}
