/**
 * The example app and an Attio sandbox, both listening on loopback ports, as
 * `npm start` runs them; and the clicks of a sign-in, done over real HTTP.
 */
import type { RequestListener } from "node:http";
import { createExampleApp, EXAMPLE_SCOPES, ExampleAppOptions } from "../../example-app/app";
import { startSandboxMode } from "../../example-app/sandbox-mode";
import { AttioSandbox, AttioSandboxOptions, startAttioSandbox } from "../../src/testing";
import { BrowserClient, Page } from "./browser-client";
import { listen } from "../../harness/server";

export const SANDBOX_CLIENT_ID = "example-test-client";
export const SANDBOX_CLIENT_SECRET = "example-test-secret-0123456789";
const SESSION_SECRET = "example-test-session-secret-0123456789abcdef";

export interface RunningExample {
  /** The app's origin, e.g. `http://127.0.0.1:41234`. */
  readonly appUrl: string;
  readonly sandbox: AttioSandbox;
  close(): Promise<void>;
}

export interface ExampleSetup {
  /** Options for the sandbox beyond the client credentials and redirect URI. */
  readonly sandbox?: Partial<AttioSandboxOptions>;
  /** Options for the app beyond the Attio settings. */
  readonly app?: Partial<Omit<ExampleAppOptions, "attio">>;
  /**
   * The host name in the app's URLs (it listens on 127.0.0.1 either way). A
   * browser test uses "localhost", so that the sandbox (127.0.0.1) is another
   * site, as Attio is, and the redirect back is a cross-site navigation.
   */
  readonly appHost?: string;
  /** The strategy's timeout for each request to the sandbox, in milliseconds. */
  readonly timeout?: number;
  /** The app's client secret, in the sandbox and in the app (default {@link SANDBOX_CLIENT_SECRET}). */
  readonly clientSecret?: string;
}

/** Starts a sandbox and the example app against it; `close()` stops both. */
export async function startExample(setup: ExampleSetup = {}): Promise<RunningExample> {
  const clientSecret = setup.clientSecret ?? SANDBOX_CLIENT_SECRET;
  const sandbox = await startAttioSandbox({ clientID: SANDBOX_CLIENT_ID, clientSecret, ...setup.sandbox });
  const instance = await startExampleInstance(sandbox, setup);
  return {
    appUrl: instance.url,
    sandbox,
    close: async () => {
      await instance.close();
      await sandbox.close();
    },
  };
}

/** The example app as `npm start` runs it in sandbox mode: one server, the sandbox under /attio-sandbox on it. */
export interface SandboxModeExample {
  /** The port it listens on, at 127.0.0.1 (reach it as localhost or 127.0.0.1 alike). */
  readonly port: number;
  readonly sandbox: AttioSandbox;
  close(): Promise<void>;
}

/** Starts the example app in sandbox mode, composed exactly as `npm start` composes it. */
export async function startSandboxModeExample(): Promise<SandboxModeExample> {
  let listener: RequestListener | undefined = undefined;
  const listening = await listen((req, res) => listener?.(req, res));
  const mode = await startSandboxMode({ server: listening.server, sessionSecret: SESSION_SECRET });
  listener = mode.listener;
  return {
    port: Number(new URL(listening.origin).port),
    sandbox: mode.sandbox,
    close: async () => {
      await mode.sandbox.close();
      await listening.close();
    },
  };
}

/** One example-app process's worth: an app on its own loopback port. */
export interface ExampleInstance {
  /** Where this instance listens, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  close(): Promise<void>;
}

export interface InstanceSetup extends Omit<ExampleSetup, "sandbox"> {
  /**
   * The origin people reach the app at, when that is not the instance itself
   * (a load balancer in front of several instances): the callback URL is there.
   */
  readonly publicUrl?: string;
}

/** Starts the example app against a running sandbox, registering its callback URL there. */
export async function startExampleInstance(sandbox: AttioSandbox, setup: InstanceSetup = {}): Promise<ExampleInstance> {
  // The app needs its own URL, known once the server listens.
  let app: RequestListener | undefined = undefined;
  const server = await listen((req, res) => app?.(req, res));
  const url = withHost(server.origin, setup.appHost);
  const callbackURL = `${setup.publicUrl ?? url}/auth/attio/callback`;
  sandbox.allowRedirectUri(callbackURL);
  app = createExampleApp({
    mode: "sandbox",
    requiredScopes: EXAMPLE_SCOPES,
    sessionSecret: SESSION_SECRET,
    imageOrigins: [sandbox.url],
    ...setup.app,
    attio: {
      clientID: SANDBOX_CLIENT_ID,
      clientSecret: setup.clientSecret ?? SANDBOX_CLIENT_SECRET,
      callbackURL,
      authorizationURL: sandbox.authorizationURL,
      tokenURL: sandbox.tokenURL,
      revokeURL: sandbox.revokeURL,
      apiURL: sandbox.apiURL,
      ...(setup.timeout === undefined ? {} : { timeout: setup.timeout }),
    },
  });
  return { url, close: () => server.close() };
}

/** `url` with another host name (it still reaches the same address). */
function withHost(url: string, host: string | undefined): string {
  if (host === undefined) return url;
  const replaced = new URL(url);
  replaced.hostname = host;
  return replaced.origin;
}

/** Opens "Sign in with Attio" and stops on the sandbox's consent page. */
export async function openConsent(client: BrowserClient, appUrl: string): Promise<Page> {
  return client.get(`${appUrl}/auth/attio`);
}

/** The consent form's request id, read from the consent page. */
export function consentRequestId(consent: Page): string {
  const match = /name="request_id" value="([^"]+)"/.exec(consent.body);
  if (!match?.[1]) throw new Error(`no consent form on ${consent.url} (HTTP ${consent.status})`);
  return match[1];
}

export interface Decision {
  readonly decision?: "approve" | "deny";
  readonly memberId?: string;
  /** Redirects to follow after the decision; 0 stops at Attio's redirect to the callback. */
  readonly maxRedirects?: number;
}

/** Clicks Approve (or Deny) on a consent page. */
export function decide(
  client: BrowserClient,
  consent: Page,
  { decision = "approve", memberId, maxRedirects }: Decision = {},
): Promise<Page> {
  const form: Record<string, string> = { request_id: consentRequestId(consent), decision };
  // The page preselects the first member, as a browser would submit it.
  const member = memberId ?? /name="member_id" value="([^"]+)" checked/.exec(consent.body)?.[1];
  if (member !== undefined) form["member_id"] = member;
  return client.post(new URL("/authorize", consent.url).toString(), form, maxRedirects === undefined ? {} : { maxRedirects });
}

/** A whole sign-in: home's button, the consent page, the decision, back to the app. */
export async function signIn(client: BrowserClient, appUrl: string, decision: Decision = {}): Promise<Page> {
  return decide(client, await openConsent(client, appUrl), decision);
}
