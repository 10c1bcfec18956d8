/**
 * Sandbox mode: the Attio sandbox answers on the app's own server, under
 * /attio-sandbox, so app and sandbox share one origin. The callback URL is a
 * path, resolved against the address each request came to, so the demo works
 * through localhost, 127.0.0.1, a LAN address or a single forwarded port.
 */
import { randomBytes } from "node:crypto";
import type { RequestListener, Server } from "node:http";
import { AttioSandbox, startAttioSandbox } from "passport-attio/testing";
import { createExampleApp, EXAMPLE_SCOPES, ExampleAppOptions } from "./app";

export const CALLBACK_PATH = "/auth/attio/callback";

export interface SandboxModeSettings {
  /** The app's server, already listening. */
  readonly server: Server;
  /** ATTIO_SANDBOX_SCOPES, or undefined for the scopes the app requires. */
  readonly grantedScopes?: string;
  readonly sessionSecret: string;
  /** Everything else the app takes (a session store, a log, trust proxy). */
  readonly app?: Partial<Omit<ExampleAppOptions, "attio" | "mode">>;
}

export interface SandboxMode {
  readonly sandbox: AttioSandbox;
  /** Answers the sandbox's requests, and passes every other one to the app. */
  readonly listener: RequestListener;
}

/** Starts the sandbox on `server` and builds the app against it. */
export async function startSandboxMode(settings: SandboxModeSettings): Promise<SandboxMode> {
  // A fresh client secret per start: nothing real to protect, nothing to configure.
  const clientID = "sandbox-example-app";
  const clientSecret = randomBytes(24).toString("base64url");
  const sandbox = await startAttioSandbox({
    clientID,
    clientSecret,
    server: settings.server,
    redirectUris: [CALLBACK_PATH],
    grantedScopes: settings.grantedScopes ?? EXAMPLE_SCOPES,
    appName: "passport-attio example",
  });
  const { callbackURL: _registered, ...urls } = sandbox.strategyOptions();
  const app = createExampleApp({
    mode: "sandbox",
    requiredScopes: EXAMPLE_SCOPES,
    ...settings.app,
    sessionSecret: settings.sessionSecret,
    sandboxUrl: sandbox.url,
    attio: { ...urls, callbackURL: CALLBACK_PATH },
  });
  return { sandbox, listener: (req, res) => sandbox.handle(req, res, () => app(req, res)) };
}
