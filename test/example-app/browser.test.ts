/** The example app in a real browser: Chromium clicks through the sandbox's consent page. */
import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, requireChromium } from "../helpers/chromium";
import { RunningExample, SandboxModeExample, startExample, startSandboxModeExample } from "../helpers/example";
import { LoadBalancer, onInstance, startLoadBalancer } from "../helpers/load-balancer";

describe("example app in Chromium", function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let example: RunningExample | undefined;
  let context: BrowserContext;
  let page: Page;

  before(async function () {
    requireChromium(this);
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  async function open(setup: Parameters<typeof startExample>[0] = {}): Promise<void> {
    example = await startExample({ appHost: "localhost", ...setup });
    context = await (browser as Browser).newContext();
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    await page.goto(`${example.appUrl}/`);
  }

  afterEach(async () => {
    await context?.close();
    await example?.close();
    example = undefined;
  });

  async function signInAndDecide(button: "Approve" | "Deny"): Promise<void> {
    await page.getByRole("link", { name: "Sign in with Attio" }).click();
    await page.getByRole("button", { name: button }).waitFor();
    expect(page.url()).to.match(/^http:\/\/127\.0\.0\.1:\d+\/authorize\?/);
    await page.getByRole("button", { name: button }).click();
    await page.waitForLoadState("load");
  }

  it("home → Sign in → Approve → the profile shows the member and the workspace", async () => {
    await open();
    await signInAndDecide("Approve");
    expect(page.url()).to.equal(`${example?.appUrl}/profile`);
    expect(await page.getByTestId("member-name").innerText()).to.equal("Ada Lovelace");
    expect(await page.getByTestId("workspace-name").innerText()).to.equal("Northwind Trading");
    // The avatar comes from the sandbox: the page's CSP lets it load.
    const avatarWidth = await page.locator("img.avatar").evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    expect(avatarWidth).to.be.above(0);
  });

  it("approving as another member signs that member in", async () => {
    await open();
    await page.getByRole("link", { name: "Sign in with Attio" }).click();
    await page.getByLabel(/Grace Hopper/).check();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByTestId("member-name").waitFor();
    expect(await page.getByTestId("member-name").innerText()).to.equal("Grace Hopper");
  });

  it("Check token says the token is active", async () => {
    await open();
    await signInAndDecide("Approve");
    await page.getByRole("button", { name: "Check token" }).click();
    expect(await page.getByRole("status").innerText()).to.include("The token is active");
  });

  it("Deny lands on a page that says access was not granted", async () => {
    await open();
    await signInAndDecide("Deny");
    expect(page.url()).to.equal(`${example?.appUrl}/auth/failed`);
    expect(await page.locator("h1").innerText()).to.equal("You chose not to connect Attio");
  });

  it("a missing scope lands on a page that names it", async () => {
    await open({ sandbox: { grantedScopes: ["record_permission:read"] } });
    await signInAndDecide("Approve");
    expect(page.url()).to.equal(`${example?.appUrl}/auth/failed`);
    expect(await page.locator("h1").innerText()).to.equal("The Attio app is missing permissions");
    expect(await page.locator("main").innerText()).to.include("user_management:read");
  });

  it("Sign out ends the session", async () => {
    await open();
    await signInAndDecide("Approve");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in with Attio" }).waitFor();
    expect(page.url()).to.equal(`${example?.appUrl}/`);
    expect(await page.locator("header").innerText()).to.include("Not signed in");
    await page.goto(`${example?.appUrl}/profile`);
    expect(page.url(), "the profile sends a signed-out visitor home").to.equal(`${example?.appUrl}/`);
  });

  describe("sandbox mode, as npm start runs it: app and sandbox on one origin", () => {
    let running: SandboxModeExample | undefined;
    let balancer: LoadBalancer | undefined;
    afterEach(async () => {
      await balancer?.close();
      await running?.close();
      balancer = running = undefined;
    });

    async function signInThrough(origin: string, headers: Record<string, string> = {}): Promise<void> {
      context = await (browser as Browser).newContext({ extraHTTPHeaders: headers });
      context.setDefaultTimeout(15_000);
      page = await context.newPage();
      await page.goto(`${origin}/`);
      await page.getByRole("link", { name: "Sign in with Attio" }).click();
      await page.getByRole("button", { name: "Approve" }).waitFor();
      expect(page.url(), "the consent page is on the address the browser used").to.match(
        new RegExp(`^${origin.replace(/\./g, "\\.")}/attio-sandbox/authorize\\?`),
      );
      await page.getByRole("button", { name: "Approve" }).click();
      await page.getByTestId("member-name").waitFor();
      expect(page.url()).to.equal(`${origin}/profile`);
      expect(await page.getByTestId("member-name").innerText()).to.equal("Ada Lovelace");
      const images = await page.locator("img.avatar, img.logo").evaluateAll((imgs) =>
        imgs.map((img) => ({
          src: (img as unknown as { src: string }).src,
          width: (img as unknown as { naturalWidth: number }).naturalWidth,
        })),
      );
      expect(images).to.have.length(2);
      for (const image of images) {
        expect(image.src, "images come from the same address").to.match(
          new RegExp(`^${origin.replace(/\./g, "\\.")}/attio-sandbox/assets/`),
        );
        expect(image.width, image.src).to.be.above(0);
      }
      // A form post passes the same-origin check on this address too.
      await page.getByRole("button", { name: "Check token" }).click();
      expect(await page.getByRole("status").innerText()).to.include("The token is active");
    }

    for (const host of ["127.0.0.1", "localhost"]) {
      it(`signs in from http://${host}:PORT`, async () => {
        running = await startSandboxModeExample();
        await signInThrough(`http://${host}:${running.port}`);
      });
    }

    it("signs in through a single forwarded port (another port that passes requests on, Host and all)", async () => {
      running = await startSandboxModeExample();
      balancer = await startLoadBalancer();
      balancer.route([`http://127.0.0.1:${running.port}`]);
      await signInThrough(balancer.url, onInstance(0));
      expect(balancer.forwarded[0], "every request went through the forwarded port").to.be.at.least(6);
    });
  });
});
