/**
 * The example app when Redis is not there: a wrong REDIS_URL stops the start
 * with a clear message, and a Redis that goes away mid-run costs an error page,
 * never a hang, until it is back.
 */
import { expect } from "chai";
import { ConfigError } from "../../example-app/config";
import { connectRedisSessions, RedisSessions } from "../../example-app/redis-sessions";
import { BrowserClient, pageText } from "../helpers/browser-client";
import { RunningExample, signIn, startExample } from "../helpers/example";
import { requireRedis, RunningRedis, startRedis } from "../../harness/redis";
import { closedPort } from "../../harness/server";
import { until } from "../helpers/until";

const PASSWORD = "hunter2-not-a-real-password";

async function connectError(url: string): Promise<ConfigError> {
  const failed = await connectRedisSessions({ url }).then(
    async (sessions) => {
      await sessions.close();
      return undefined;
    },
    (err: unknown) => err,
  );
  expect(failed).to.be.instanceOf(ConfigError);
  return failed as ConfigError;
}

describe("example app: a REDIS_URL that nothing answers", () => {
  it("stops the start at once with a ConfigError that names the cause, not the password", async () => {
    const error = await connectError(`redis://:${PASSWORD}@127.0.0.1:${await closedPort()}`);
    expect(error.message).to.equal(
      "Could not connect to Redis at REDIS_URL (ECONNREFUSED). Check the URL, the password and that the server is running.",
    );
  });
});

describe("example app: Redis refusing or going away", function () {
  let redis: RunningRedis | undefined;
  let sessions: RedisSessions | undefined;
  let example: RunningExample | undefined;

  beforeEach(async function () {
    requireRedis(this);
    redis = await startRedis();
  });

  afterEach(async () => {
    try {
      await example?.close();
      await sessions?.close();
    } finally {
      await redis?.stop();
    }
  });

  it("a wrong or missing password stops the start with WRONGPASS or NOAUTH, and the message holds no password", async () => {
    const url = new URL(redis?.url ?? "");
    url.password = PASSWORD;
    expect((await connectError(url.toString())).message)
      .to.include("(WRONGPASS)")
      .and.not.include(PASSWORD);
    url.password = "";
    expect((await connectError(url.toString())).message).to.include("(NOAUTH)");
  });

  it("when Redis goes away, pages and sign-ins end on the plain error page at once; when it is back, sign-in works again", async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    sessions = await connectRedisSessions({ url: redis?.url ?? "", log });
    example = await startExample({ app: { sessionStore: sessions.store, log } });
    const client = new BrowserClient();
    expect((await signIn(client, example.appUrl)).url).to.equal(`${example.appUrl}/profile`);

    await redis?.stop();
    await until(() => lines.some((line) => line.startsWith("redis: connection lost")));
    const down = await client.get(`${example.appUrl}/profile`);
    expect(down.status).to.equal(500);
    expect(pageText(down.body)).to.include("Something went wrong");
    // A sign-in meanwhile: its state could not be kept, so it ends on the error page, unexchanged.
    const meanwhile = await signIn(new BrowserClient(), example.appUrl);
    expect(meanwhile.status).to.equal(500);
    expect(pageText(meanwhile.body)).to.include("Something went wrong");
    expect(example.sandbox.stats.requests.token, "only the first sign-in's code was exchanged").to.equal(1);

    await redis?.restart();
    await until(() => lines.includes("redis: reconnected"));
    // A new, empty Redis: the old session is gone, and a new sign-in works.
    expect((await client.get(`${example.appUrl}/profile`)).url).to.equal(`${example.appUrl}/`);
    expect((await signIn(client, example.appUrl)).url).to.equal(`${example.appUrl}/profile`);
    expect(lines.join("\n"))
      .not.to.include(redis?.url ?? "-")
      .and.not.include("redis://");
  });
});
