/**
 * The consumer project's NestJS app (test/ecosystem/consumer/nest), compiled by
 * tsc once per run, decorators and all, for every test that starts it.
 */
import type { INestApplication } from "@nestjs/common";
import { join } from "node:path";
import type { AttioStrategyOptions } from "passport-attio";
import type { Consumer } from "./packed";

type Main = { createApp(attio: Omit<AttioStrategyOptions, "passReqToCallback">): Promise<INestApplication> };

const compiled = new WeakMap<Consumer, Promise<Main["createApp"]>>();

/** The app's `createApp`, compiling it on first use. */
export function nestApp(consumer: Consumer): Promise<Main["createApp"]> {
  let app = compiled.get(consumer);
  if (!app) {
    app = consumer.tsc("tsconfig.nest.json").then(() => consumer.require<Main>(join(consumer.dir, "nest-dist/main.js")).createApp);
    compiled.set(consumer, app);
  }
  return app;
}
