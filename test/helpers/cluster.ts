/**
 * Several example-app instances behind one load balancer, signing in against
 * one Attio sandbox, as a deployment of several processes would; and a sign-in
 * that begins on one instance and finishes on another.
 */
import type { Store } from "express-session";
import type { AttioConnectionStore } from "../../src";
import type { AttioSandbox } from "../../src/testing";
import type { BrowserClient, Page } from "./browser-client";
import { decide, ExampleInstance, startExampleInstance } from "./example";
import { LoadBalancer, onInstance, startLoadBalancer } from "./load-balancer";

export interface Cluster {
  /** The public origin (the load balancer's). */
  readonly url: string;
  readonly balancer: LoadBalancer;
  close(): Promise<void>;
}

/**
 * One instance per entry of `stores` (undefined: that instance's own memory store);
 * `connectionStores` likewise for where each keeps its Attio connections.
 */
export async function startCluster(
  sandbox: AttioSandbox,
  stores: readonly (Store | undefined)[],
  connectionStores: readonly (AttioConnectionStore | undefined)[] = [],
): Promise<Cluster> {
  const balancer = await startLoadBalancer();
  const instances: ExampleInstance[] = [];
  const close = async () => {
    await balancer.close();
    await Promise.all(instances.map((instance) => instance.close()));
  };
  try {
    for (const [i, store] of stores.entries()) {
      const connectionStore = connectionStores[i];
      const app = { ...(store ? { sessionStore: store } : {}), ...(connectionStore ? { connectionStore } : {}) };
      instances.push(await startExampleInstance(sandbox, { publicUrl: balancer.url, app }));
    }
  } catch (err) {
    await close();
    throw err;
  }
  balancer.route(instances.map((instance) => instance.url));
  return { url: balancer.url, balancer, close };
}

export interface Crossing {
  /** The instance that starts the sign-in (and sends the browser to Attio). */
  readonly begin: number;
  /** The instance the browser comes back to, with the code. */
  readonly finish: number;
  /** The member who approves on the consent page. */
  readonly memberId: string;
}

/** Home's "Sign in with Attio" on one instance, Approve, and the callback (and the page it leads to) on another. */
export async function signInAcross(client: BrowserClient, cluster: Cluster, { begin, finish, memberId }: Crossing): Promise<Page> {
  const consent = await client.get(`${cluster.url}/auth/attio`, { headers: onInstance(begin) });
  const approved = await decide(client, consent, { memberId, maxRedirects: 0 });
  const callback = approved.headers.get("location");
  if (approved.status !== 302 || callback === null) throw new Error(`Approve did not redirect (HTTP ${approved.status})`);
  return client.get(callback, { headers: onInstance(finish) });
}
