/**
 * Refreshing a connection's token so that every process sharing the store ends
 * with a working token, even when each refresh token works only once:
 *
 * - in one process, concurrent callers share one refresh;
 * - with a store that can lock (`setIfAbsent`), one process refreshes while the
 *   others wait for its record, so an expiry costs one request to Attio;
 * - without a lock, two processes may both ask; the loser gets `invalid_grant`,
 *   re-reads the store and takes the winner's token.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { AttioGrantError } from "../errors";
import type { AttioStrategy } from "../strategy/strategy";
import { refreshAccessToken } from "../tokens";
import { SingleFlight } from "../util/single-flight";
import type { ConnectionRecord } from "./record";
import { revokeAccessToken } from "./revoke";
import { notConnected, Vault } from "./vault";

const POLL_MS = 25;

/** What a refresh reports back to the connections, for its events. */
export interface RefreshOutcome {
  readonly record: ConnectionRecord;
  /** True when this process made the refresh request and stored its result. */
  readonly refreshedHere: boolean;
  /** True when Attio refused the refresh and no other process had a newer token. */
  readonly refused: boolean;
}

export class Refresher {
  private readonly pending = new SingleFlight<RefreshOutcome>();

  constructor(
    private readonly vault: Vault,
    private readonly strategy: AttioStrategy,
    /** How long another process may hold the refresh lock: its request's timeout, and its store calls. */
    private readonly lockMs: number,
    /** How long a winner may take to store its token once ours got invalid_grant: receiving its answer, one write. */
    private readonly graceMs: number,
  ) {}

  /** Refreshes `stale` (read from the store a moment ago); concurrent calls for one id share the work. */
  refresh(id: string, stale: ConnectionRecord): Promise<RefreshOutcome> {
    return this.pending.run(id, () => this.refreshShared(id, stale));
  }

  /** Settles once this process's refresh of `id`, if one is running, has settled. */
  settled(id: string): Promise<void> {
    return this.pending.settled(id);
  }

  private async refreshShared(id: string, stale: ConnectionRecord): Promise<RefreshOutcome> {
    if (!this.vault.store.canLock) return this.refreshOnce(id, stale);
    const lockKey = `${this.vault.key(id)}:refreshing`;
    const holder = randomBytes(9).toString("base64url");
    if (!(await this.vault.store.setIfAbsent(lockKey, holder, this.lockMs))) {
      const newer = await this.waitForNewer(id, stale, this.lockMs, lockKey);
      // The holder gave up or died: refresh here, invalid_grant still guarding us.
      return newer ? { record: newer, refreshedHere: false, refused: false } : this.refreshOnce(id, stale);
    }
    try {
      return await this.refreshOnce(id, stale);
    } finally {
      await this.vault.store.delete(lockKey).catch(() => undefined);
    }
  }

  /** One refresh request with the newest stored refresh token, unless the store already has a newer token. */
  private async refreshOnce(id: string, stale: ConnectionRecord): Promise<RefreshOutcome> {
    const current = await this.vault.read(id);
    if (current.accessToken !== stale.accessToken || current.status !== "active") {
      return { record: current, refreshedHere: false, refused: false };
    }
    try {
      const tokens = await refreshAccessToken(this.strategy, current.refreshToken);
      if (!(await this.vault.find(id))) {
        // Disconnected while the request was out: the new token must not outlive the connection.
        await revokeAccessToken(this.strategy, tokens.accessToken).catch(() => undefined);
        throw notConnected(id);
      }
      const record: ConnectionRecord = {
        ...current,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt?.getTime() ?? null,
        scopes: tokens.scopes ?? current.scopes,
        refreshedAt: Date.now(),
      };
      await this.vault.write(id, record);
      return { record, refreshedHere: true, refused: false };
    } catch (err) {
      if (!(err instanceof AttioGrantError && err.code === "ATTIO_REAUTHORIZATION_REQUIRED")) throw err;
      // invalid_grant: most likely another process spent this refresh token a moment ago.
      const newer = await this.waitForNewer(id, current, this.graceMs);
      return newer ? { record: newer, refreshedHere: false, refused: false } : { record: current, refreshedHere: false, refused: true };
    }
  }

  /**
   * Polls the store until it holds a token other than `stale`'s; undefined when
   * none came in time, or (with `lockKey`) as soon as the lock is let go.
   */
  private async waitForNewer(id: string, stale: ConnectionRecord, waitMs: number, lockKey?: string): Promise<ConnectionRecord | undefined> {
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const current = await this.vault.read(id);
      if (current.accessToken !== stale.accessToken || current.status !== "active") return current;
      if (lockKey !== undefined && (await this.vault.store.get(lockKey)) === undefined) return undefined;
      await sleep(POLL_MS);
    }
    return undefined;
  }
}
