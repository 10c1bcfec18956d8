import "reflect-metadata";
import type { INestApplication } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import session from "express-session";
import type { AttioConnection } from "./attio-options";
import { AppModule } from "./app.module";

/** The app, initialised but not listening: the test drives its HTTP server. */
export async function createApp(attio: AttioConnection): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(attio), { logger: false });
  // The OAuth state and PKCE verifier live in the session between redirect and callback.
  app.use(session({ secret: "nest-session-secret", resave: false, saveUninitialized: false }));
  await app.init();
  return app;
}
