/** A connect-redis session store on its own connection, for the flood measurement's app. */
import { RedisStore } from "connect-redis";
import { createClient } from "redis";

/** Connects to `url` and resolves with a session store whose keys start with `prefix`. */
export async function redisSessionStore(url: string, prefix: string): Promise<RedisStore> {
  const client = createClient({ url });
  await client.connect();
  return new RedisStore({ client, prefix });
}
