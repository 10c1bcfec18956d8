/**
 * The apps the documents show run as pasted: README's Quick start and the sessionless recipe,
 * each in its own process on the packed package, complete a sign-in, a denied sign-in and a
 * replayed callback against the Attio sandbox over real HTTP.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AttioSandbox, startAttioSandbox } from "../../src/testing";
import { BrowserClient } from "../helpers/browser-client";
import { pointedAt, RunningApp, sectionCode, startDocumentedApp } from "../helpers/documented-app";
import { decide, openConsent } from "../helpers/example";
import { ROOT, useConsumer } from "../helpers/packed";

const CLIENT_ID = "documented-app";
// Secrets of every character class a real one may have.
const CLIENT_SECRET = "s3cret+/=~!% &'\"<é>-of-the-documented-app";
const SESSION_SECRET = "a-session-secret-of-at-least-32-characters";

/** Where each app lands the browser: `signedInAt` once signed in, `failedAt` when the sign-in failed. */
const DOCUMENTS: readonly {
  name: string;
  file: string;
  heading: string;
  signedInAt: string;
  failedAt: string;
  env: Record<string, string>;
}[] = [
  {
    name: "README.md's Quick start",
    file: "README.md",
    heading: "## Quick start",
    signedInAt: "/",
    failedAt: "/login",
    env: { SESSION_SECRET },
  },
  {
    name: "docs/sessionless.md",
    file: "docs/sessionless.md",
    heading: "# Signing in without a session",
    signedInAt: "/auth/attio/callback",
    failedAt: "/auth/attio/callback",
    env: { STATE_SECRET: "a-state-secret-of-at-least-32-characters" },
  },
];

describe("ecosystem: the documented apps, as pasted", function () {
  this.timeout(30_000);
  const consumer = useConsumer();
  let sandbox: AttioSandbox;

  before(async () => {
    sandbox = await startAttioSandbox({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET });
  });
  after(() => sandbox.close());

  for (const document of DOCUMENTS) {
    describe(document.name, () => {
      let app: RunningApp | undefined;
      const member = () => sandbox.members[0];

      before(async () => {
        const code = sectionCode(readFileSync(join(ROOT, document.file), "utf8"), document.heading);
        app = await startDocumentedApp(
          consumer(),
          document.file.replace(/\W/g, "-"),
          pointedAt(code, { authorizationURL: sandbox.authorizationURL, tokenURL: sandbox.tokenURL, apiURL: sandbox.apiURL }),
          (origin) => ({
            ATTIO_CLIENT_ID: CLIENT_ID,
            ATTIO_CLIENT_SECRET: CLIENT_SECRET,
            ATTIO_CALLBACK_URL: `${origin}/auth/attio/callback`,
            ...document.env,
          }),
        );
        sandbox.allowRedirectUri(`${origin()}/auth/attio/callback`);
      });
      after(async () => {
        await app?.stop();
        expect(app?.output(), "the app printed nothing").to.equal("");
      });
      const origin = () => app?.origin ?? "";

      it("signs the approving member in", async () => {
        const browser = new BrowserClient();
        const page = await decide(browser, await openConsent(browser, origin()));
        expect(page.status, page.body).to.equal(200);
        expect(new URL(page.url).pathname).to.equal(document.signedInAt);
        expect(JSON.parse(page.body)).to.deep.equal({
          signedInAs: { id: member()?.id, name: `${member()?.firstName} ${member()?.lastName}` },
        });
      });

      it("keeps a pending login at most 10 minutes: its session cookie (if any) expires by then", async () => {
        const browser = new BrowserClient();
        const started = Date.now();
        await openConsent(browser, origin());
        const session = browser.cookieAttributes(`${origin()}/`, "connect.sid");
        if (document.env["SESSION_SECRET"] === undefined) return void expect(session).to.deep.equal([]);
        const expires = session.find((attribute) => /^expires=/i.test(attribute));
        expect(expires, "the session cookie of a pending login has an expiry").to.be.a("string");
        expect(Date.parse((expires ?? "").slice("expires=".length)) - started).to.be.within(1, 10 * 60 * 1000 + 1000);
      });

      it("says why when the person denies access", async () => {
        const browser = new BrowserClient();
        const page = await decide(browser, await openConsent(browser, origin()), { decision: "deny" });
        expect(new URL(page.url).pathname).to.equal(document.failedAt);
        expect([page.status, page.body]).to.deep.equal([401, "Not signed in. Access to Attio was not granted, so you are not signed in."]);
      });

      it("answers a fault from Attio (error=server_error) with a page, never a stack trace", async () => {
        const page = await new BrowserClient().get(`${origin()}/auth/attio/callback?error=server_error&error_description=boom`);
        expect([page.status, page.body]).to.deep.equal([502, "Sign-in failed: Attio could not complete it. Please try again."]);
      });

      it("refuses a replayed callback with a message, and never sends its code to Attio twice", async () => {
        const browser = new BrowserClient();
        const back = await decide(browser, await openConsent(browser, origin()), { maxRedirects: 0 });
        const callback = back.headers.get("location") ?? "";
        const tokenRequests = sandbox.stats.requests.token;
        expect((await browser.get(callback)).status).to.equal(200);
        const replay = await browser.get(callback);
        expect(new URL(replay.url).pathname).to.equal(document.failedAt);
        expect(replay.status).to.equal(401);
        expect(replay.body).to.match(/^Not signed in\. No sign-in in progress was found in this browser for this response from Attio/);
        expect(sandbox.stats.requests.token - tokenRequests).to.equal(1);
      });
    });
  }
});
