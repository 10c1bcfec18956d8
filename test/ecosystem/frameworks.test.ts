/**
 * The framework matrix: each page of docs/ for a framework is pasted into a
 * project that installed the packed package, and its app signs in against the
 * Attio sandbox over real HTTP, with the default (session) state store and with
 * CookieStateStore. Every cell completes a login, a denied login and a replayed
 * callback, the last two ending in a failed sign-in with words a person reads.
 */
import { expect } from "chai";
import type { RequestListener, Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AttioStrategyOptions } from "passport-attio";
import type { AttioSandbox } from "passport-attio/testing";
import { BrowserClient, Page } from "../helpers/browser-client";
import { loadBuildApp, writeDocApp } from "../helpers/doc-apps";
import { nestApp } from "../helpers/nest-app";
import { Consumer, useConsumer } from "../helpers/packed";
import { listen } from "../../harness/server";

const CLIENT = { clientID: "matrix-client", clientSecret: "matrix-secret-+/=~!%& \"'é" };
const STATE_SECRET = "state-secret-0123456789abcdefghijklmnopqrstuv";
const SIGNED_IN = "Signed in as Ada Lovelace (Northwind Trading)";
/** What the pages' apps read from the environment, as their readers' apps would. */
const ENVIRONMENT = {
  SESSION_SECRET: "session-secret-0123456789abcdefghijklmnop",
  SESSION_KEY: "8f3a".repeat(16),
  STATE_SECRET,
};
const DENIED = "Access to Attio was not granted, so you are not signed in.";

/** A running app of a cell. */
interface RunningApp {
  readonly origin: string;
  close(): Promise<void>;
}

/** What a cell's app shows: after a sign-in, and the message of a failed one (its failure page). */
interface Cell {
  readonly name: string;
  /** The state stores this cell runs with. */
  readonly stores: readonly ("session" | "cookie")[];
  start(consumer: Consumer, attio: AttioStrategyOptions): Promise<RunningApp>;
  /** The page a signed-in browser lands on, as the app shows it. */
  signedIn(page: Page): void;
  /** The message of a failed sign-in's page. */
  failureMessage(page: Page): string;
}

/** The origin of a server listening on loopback, and how to stop the app around it. */
function running(server: Server, close: () => Promise<void>): RunningApp {
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close };
}

/** The doc pages' plain-text pages: "Signed in as …" and 401 "Sign-in failed: …". */
const textPages = {
  signedIn(page: Page) {
    expect(page.status, page.body).to.equal(200);
    expect(page.body).to.equal(SIGNED_IN);
  },
  failureMessage(page: Page) {
    expect(page.status, page.body).to.equal(401);
    expect(page.body).to.match(/^Sign-in failed: /);
    return page.body.slice("Sign-in failed: ".length);
  },
};

function expressCell(name: string, aliases: Record<string, string>): Cell {
  return {
    name,
    stores: ["session", "cookie"],
    async start(consumer, attio) {
      const dir = writeDocApp(consumer, "docs/express.md", name.replace(/\W+/g, "-"), aliases);
      return listen(loadBuildApp<RequestListener>(consumer, dir)(attio));
    },
    ...textPages,
  };
}

interface FastifyLike {
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<void>;
  readonly server: Server;
}

function fastifyCell(name: string, file: string): Cell {
  return {
    name,
    stores: ["session", "cookie"],
    async start(consumer, attio) {
      const dir = writeDocApp(consumer, "docs/fastify.md", "fastify");
      const app = loadBuildApp<FastifyLike>(consumer, dir, file)(attio);
      await app.listen({ port: 0, host: "127.0.0.1" });
      return running(app.server, () => app.close());
    },
    ...textPages,
  };
}

const CELLS: readonly Cell[] = [
  expressCell("Express 5", {}),
  expressCell("Express 4", { express: "express4" }),
  fastifyCell("Fastify 5, @fastify/secure-session", "app.ts"),
  fastifyCell("Fastify 5, @fastify/session", "app-session.ts"),
  {
    name: "Koa",
    stores: ["session", "cookie"],
    async start(consumer, attio) {
      const dir = writeDocApp(consumer, "docs/koa.md", "koa");
      return listen(loadBuildApp<{ callback(): RequestListener }>(consumer, dir)(attio).callback());
    },
    ...textPages,
  },
  {
    name: "NestJS 11",
    stores: ["session", "cookie"],
    async start(consumer, attio) {
      const createApp = await nestApp(consumer);
      const app = await createApp(attio);
      await app.listen(0, "127.0.0.1");
      return running(app.getHttpServer(), () => app.close());
    },
    signedIn(page) {
      expect(page.status, page.body).to.equal(200);
      expect(JSON.parse(page.body)).to.deep.nested.include({ "user.id": "0a1b2c3d-0001-4000-8000-000000000001" });
    },
    failureMessage(page) {
      expect(page.status, page.body).to.equal(401);
      return (JSON.parse(page.body) as { message: string }).message;
    },
  },
];

describe("ecosystem: the framework matrix (docs' apps, packed package, Attio sandbox)", function () {
  this.timeout(20_000);
  const consumer = useConsumer();
  let sandbox: AttioSandbox;

  before(async function () {
    this.timeout(60_000);
    const { startAttioSandbox } = consumer().require<typeof import("passport-attio/testing")>("passport-attio/testing");
    sandbox = await startAttioSandbox({ ...CLIENT, autoApprove: true });
    Object.assign(process.env, ENVIRONMENT);
  });
  after(async () => {
    for (const name of Object.keys(ENVIRONMENT)) delete process.env[name];
    await sandbox?.close();
  });

  for (const cell of CELLS) {
    for (const store of cell.stores) {
      describe(`${cell.name}, ${store === "cookie" ? "CookieStateStore" : "the session"}`, () => {
        let app: RunningApp;
        let callbackURL: string;
        before(async function () {
          // The first NestJS cell compiles the app with tsc.
          this.timeout(120_000);
          const attio: AttioStrategyOptions = {
            ...sandbox.strategyOptions(),
            callbackURL: "/auth/attio/callback",
            scope: ["record_permission:read", "user_management:read"],
            ...(store === "cookie" ? { store: new (consumer().attio().CookieStateStore)({ secret: STATE_SECRET }) } : {}),
          };
          app = await cell.start(consumer(), attio);
          callbackURL = `${app.origin}/auth/attio/callback`;
          sandbox.allowRedirectUri(callbackURL);
        });
        after(() => app?.close());

        /** Opens the login route; Attio approves (or denies) at once and sends the browser back. */
        async function signIn(browser: BrowserClient, maxRedirects?: number): Promise<Page> {
          const page = await browser.get(`${app.origin}/auth/attio`, maxRedirects === undefined ? {} : { maxRedirects });
          const authorize = new URL(page.hops[1] ?? "");
          expect(authorize.origin + authorize.pathname, page.hops.join(" → ")).to.equal(sandbox.authorizationURL);
          expect(authorize.searchParams.get("redirect_uri")).to.equal(callbackURL);
          return page;
        }

        it("signs in: approved in Attio, back to the app, signed in", async () => {
          cell.signedIn(await signIn(new BrowserClient()));
        });

        it("a denied login is a failed sign-in that says access was not granted", async () => {
          sandbox.setAutoApprove("deny");
          try {
            expect(cell.failureMessage(await signIn(new BrowserClient()))).to.equal(DENIED);
          } finally {
            sandbox.setAutoApprove(true);
          }
        });

        it("a replayed callback (same URL, same cookies) is a failed sign-in, never a 500", async () => {
          const browser = new BrowserClient();
          const callback = (await signIn(browser, 1)).headers.get("location") ?? "";
          expect(callback.startsWith(`${callbackURL}?code=`), callback).to.equal(true);
          const cookies = browser.cookieHeaderFor(callback);
          cell.signedIn(await browser.get(callback));
          const replayed = await new BrowserClient().get(callback, { headers: { cookie: cookies } });
          expect(cell.failureMessage(replayed)).to.match(/\. Please sign in again\.$/);
        });
      });
    }
  }
});
