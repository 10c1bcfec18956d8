/** AttioConnections: a workspace's token kept sealed, refreshed on use, checked, and revoked on disconnect. */
import { EventEmitter } from "node:events";
import type { AttioClient } from "../attio/client";
import { AttioConnectionError, AttioGrantError, AttioRequestError } from "../errors";
import type { AttioProfile } from "../profile/profile";
import { internalsOf } from "../strategy/internals";
import { SingleFlight } from "../util/single-flight";
import { RecordSealer } from "./envelope";
import { AttioConnectionsOptions, resolveConnectionsOptions, ResolvedConnectionsOptions } from "./options";
import { AttioConnection, ConnectionRecord, describe } from "./record";
import { Refresher } from "./refresh";
import { StoreAccess } from "./store";
import { notConnected, Vault } from "./vault";

/**
 * What the verify callback has to save: the tokens, the token response, and the profile.
 *
 * @example
 * ```ts
 * const grant: AttioGrant = { accessToken, refreshToken, params, profile };
 * await connections.save(profile.id, grant);
 * ```
 */
export interface AttioGrant {
  readonly accessToken: string;
  /** Attio issues none today. */
  readonly refreshToken?: string | null;
  /** The token response (`expires_in`, when present, sets the expiry). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The profile the strategy built: workspace, member and scopes, as Attio just confirmed them. */
  readonly profile?: AttioProfile;
}

/**
 * Payload of the `refreshed` event: this process renewed the token and stored it.
 *
 * @example
 * ```ts
 * connections.on("refreshed", (event: AttioRefreshedEvent) => jobs.reschedule(event.id, event.expiresAt));
 * ```
 */
export interface AttioRefreshedEvent {
  readonly id: string;
  readonly expiresAt: Date | null;
}

/**
 * Payload of the `revoked` event: Attio said the token is inactive, or refused to refresh it.
 *
 * @example
 * ```ts
 * connections.on("revoked", (event: AttioRevokedEvent) => mailer.askToReconnect(event.id, event.reason));
 * ```
 */
export interface AttioRevokedEvent {
  readonly id: string;
  readonly reason: "inactive" | "refresh-refused";
}

/**
 * The events of {@link AttioConnections}, for `on`, `once` and `off`.
 *
 * @example
 * ```ts
 * const onRevoked = (...[event]: AttioConnectionEvents["revoked"]) => console.log(event.id);
 * connections.on("revoked", onRevoked);
 * ```
 */
export interface AttioConnectionEvents {
  refreshed: [event: AttioRefreshedEvent];
  revoked: [event: AttioRevokedEvent];
}

/**
 * Keeps each connected Attio workspace's token after sign-in: sealed at rest
 * (AES-256-GCM, key from `secret`, the connection id bound in), refreshed
 * shortly before it expires, re-checked with Attio every `checkInterval`, and
 * revoked at Attio on disconnect. Emits `refreshed` and `revoked`.
 *
 * @example
 * ```ts
 * import { AttioConnections } from "passport-attio";
 * const connections = new AttioConnections({ strategy, secret: process.env.TOKEN_KEYS!.split(",") });
 * connections.on("revoked", ({ id }) => console.log(`connection ${id} needs to be authorised again`));
 *
 * // in the verify callback
 * await connections.save(profile.id, { accessToken, refreshToken, params, profile });
 * // later, from a background job
 * const token = await connections.getAccessToken(profile.id);
 * ```
 */
export class AttioConnections extends EventEmitter<AttioConnectionEvents> {
  private readonly options: ResolvedConnectionsOptions;
  private readonly client: AttioClient;
  private readonly vault: Vault;
  private readonly refresher: Refresher;
  private readonly maintaining = new SingleFlight<ConnectionRecord>();

  constructor(options: AttioConnectionsOptions) {
    super();
    this.options = resolveConnectionsOptions(options);
    this.client = internalsOf(this.options.strategy).client;
    const store = new StoreAccess(this.options.store, this.options.storeTimeoutMs);
    this.vault = new Vault(store, new RecordSealer(this.options.secrets), this.options.keyPrefix);
    const { timeoutMs } = this.client.config;
    const { storeTimeoutMs } = this.options;
    // The lock covers a refresh request and the store calls around it. After invalid_grant the
    // winner has had its answer already: it needs only to receive it and write it.
    this.refresher = new Refresher(this.vault, this.options.strategy, timeoutMs + 3 * storeTimeoutMs, storeTimeoutMs + 1000);
  }

  /**
   * Stores a new connection (or replaces one) under `id`, the app's choice.
   *
   * @example
   * ```ts
   * await connections.save(user.id, { accessToken, refreshToken, params, profile });
   * ```
   */
  async save(id: string, grant: AttioGrant): Promise<AttioConnection> {
    const record = recordFor(grant, Date.now());
    await this.vault.write(id, record);
    return describe(id, record);
  }

  /**
   * A token that works now: the stored one while it is valid and recently
   * checked; otherwise refreshed (shortly before `expiresAt`) or re-checked
   * with Attio first.
   *
   * @throws {@link AttioGrantError} `ATTIO_NOT_CONNECTED` for an unknown id;
   *   `ATTIO_REAUTHORIZATION_REQUIRED` once Attio says the token is inactive or refuses to refresh it.
   * @example
   * ```ts
   * const token = await connections.getAccessToken(user.id);
   * await fetch("https://api.attio.com/v2/objects", { headers: { authorization: `Bearer ${token}` } });
   * ```
   */
  async getAccessToken(id: string): Promise<string> {
    let record = await this.vault.find(id);
    if (!record) throw notConnected(id);
    if (!this.isUsable(record, Date.now())) record = await this.maintainShared(id);
    if (record.status === "revoked") throw reauthorize(id);
    if (record.expiresAt !== null && record.expiresAt <= Date.now()) throw reauthorize(id, "it expired and there is no refresh token");
    return record.accessToken;
  }

  /**
   * Asks Attio now whether the connection's token is active (`GET /v2/self`,
   * after a refresh if one is due) and records the answer.
   *
   * @throws {@link AttioGrantError} `ATTIO_NOT_CONNECTED` for an unknown id.
   * @example
   * ```ts
   * const { status, lastCheckedAt } = await connections.check(user.id);
   * ```
   */
  async check(id: string): Promise<AttioConnection> {
    return describe(id, await this.maintain(id, true));
  }

  /**
   * What is known about the connection, without asking Attio; never the token.
   * Null when there is no connection under `id`.
   *
   * @example
   * ```ts
   * const meta = await connections.get(user.id);
   * res.render("profile", { connected: meta?.status === "active", checked: meta?.lastCheckedAt });
   * ```
   */
  async get(id: string): Promise<AttioConnection | null> {
    const record = await this.vault.find(id);
    return record ? describe(id, record) : null;
  }

  /**
   * Revokes the token at Attio, then forgets the connection. Resolves at once
   * when there is none (idempotent). When Attio cannot be reached or refuses,
   * the record is still deleted and the call rejects with
   * {@link AttioConnectionError} `ATTIO_REVOKE_FAILED`, `tokenMayBeLive: true`.
   *
   * @example
   * ```ts
   * await connections.disconnect(user.id);
   * ```
   */
  async disconnect(id: string): Promise<void> {
    // A refresh running here would otherwise write the connection back after the delete.
    await this.refresher.settled(id);
    let record: ConnectionRecord | undefined;
    try {
      record = await this.vault.find(id);
    } catch (err) {
      if (!(err instanceof AttioConnectionError && err.code === "ATTIO_RECORD_UNREADABLE")) throw err;
      await this.vault.delete(id);
      throw revokeFailed("its record could not be opened, so there was no token to revoke", err);
    }
    if (!record) return;
    try {
      await this.client.revoke(record.accessToken);
      // Another process may have stored a refreshed token while the revoke was out: it must not outlive the connection.
      const meanwhile = await this.refreshedMeanwhile(id, record);
      if (meanwhile) await this.client.revoke(meanwhile);
    } catch (err) {
      await this.vault.delete(id);
      throw revokeFailed("Attio did not confirm the revocation", err);
    }
    await this.vault.delete(id);
  }

  /** The token another process stored in place of `record`'s, if any (an unreadable record has none to revoke). */
  private async refreshedMeanwhile(id: string, record: ConnectionRecord): Promise<string | undefined> {
    try {
      const now = await this.vault.find(id);
      return now && now.accessToken !== record.accessToken ? now.accessToken : undefined;
    } catch {
      return undefined;
    }
  }

  private isUsable(record: ConnectionRecord, now: number): boolean {
    return (
      record.status === "active" &&
      (record.expiresAt === null || record.expiresAt - this.options.refreshBeforeExpiryMs > now) &&
      record.checkedAt !== null &&
      now - record.checkedAt < this.options.checkIntervalMs
    );
  }

  /** Concurrent `getAccessToken` calls for one id share one refresh and one check. */
  private maintainShared(id: string): Promise<ConnectionRecord> {
    return this.maintaining.run(id, () => this.maintain(id, false));
  }

  private async maintain(id: string, forceCheck: boolean): Promise<ConnectionRecord> {
    let record = await this.vault.read(id);
    if (record.status === "revoked") return record;
    if (this.refreshDue(record, Date.now())) record = await this.refreshed(id, record);
    if (record.status === "revoked") return record;
    const due = record.checkedAt === null || Date.now() - record.checkedAt >= this.options.checkIntervalMs;
    return forceCheck || due ? this.checked(id, record) : record;
  }

  private refreshDue(record: ConnectionRecord, now: number): boolean {
    return record.refreshToken !== null && record.expiresAt !== null && record.expiresAt - this.options.refreshBeforeExpiryMs <= now;
  }

  private async refreshed(id: string, stale: ConnectionRecord): Promise<ConnectionRecord> {
    const outcome = await this.refresher.refresh(id, stale);
    if (outcome.refused) return this.markRevoked(id, outcome.record, "refresh-refused");
    if (outcome.refreshedHere) this.emit("refreshed", { id, expiresAt: describe(id, outcome.record).expiresAt });
    return outcome.record;
  }

  private async checked(id: string, record: ConnectionRecord): Promise<ConnectionRecord> {
    const { json: self } = await this.client.getSelf(record.accessToken);
    if (!self.active) return this.markRevoked(id, record, "inactive");
    const now = Date.now();
    const scopes = self.scope === undefined ? record.scopes : self.scope.split(" ").filter((scope) => scope !== "");
    return this.update(id, record, { checkedAt: now, scopes, workspaceName: self.workspace_name ?? record.workspaceName });
  }

  private async markRevoked(id: string, record: ConnectionRecord, reason: AttioRevokedEvent["reason"]): Promise<ConnectionRecord> {
    const now = Date.now();
    const revoked = await this.update(id, record, { status: "revoked", revokedAt: now, checkedAt: now });
    if (revoked.status === "revoked") this.emit("revoked", { id, reason });
    return revoked;
  }

  /**
   * Writes `changes` onto the record, unless another process stored a new token
   * meanwhile: then its record stands (overwriting it would lose its refresh token).
   */
  private async update(id: string, seen: ConnectionRecord, changes: Partial<ConnectionRecord>): Promise<ConnectionRecord> {
    const current = await this.vault.read(id);
    if (current.accessToken !== seen.accessToken) return current;
    const record = { ...current, ...changes };
    await this.vault.write(id, record);
    return record;
  }
}

function recordFor(grant: AttioGrant, now: number): ConnectionRecord {
  const { accessToken, refreshToken, params, profile } = grant;
  if (typeof accessToken !== "string" || !/^[\x20-\x7e]+$/.test(accessToken)) {
    throw new AttioGrantError("ATTIO_INVALID_TOKEN", "AttioConnections.save needs an access token: a non-empty string of printable ASCII.");
  }
  const expiresIn = params?.["expires_in"];
  const lifetime = typeof expiresIn === "number" ? expiresIn : typeof expiresIn === "string" ? Number(expiresIn) : NaN;
  return {
    accessToken,
    refreshToken: typeof refreshToken === "string" && refreshToken !== "" ? refreshToken : null,
    expiresAt: Number.isFinite(lifetime) && lifetime >= 0 ? now + lifetime * 1000 : (profile?.expiresAt?.getTime() ?? null),
    status: "active",
    workspaceId: profile?.workspace.id ?? null,
    workspaceName: profile?.workspace.name ?? null,
    memberId: profile?.memberId ?? null,
    scopes: profile ? [...profile.scopes] : [],
    connectedAt: now,
    // The strategy asked /v2/self to build the profile: the token was confirmed just now.
    checkedAt: profile ? now : null,
    refreshedAt: null,
    revokedAt: null,
  };
}

function reauthorize(id: string, why = "Attio says its token is no longer active"): AttioGrantError {
  return new AttioGrantError(
    "ATTIO_REAUTHORIZATION_REQUIRED",
    `The Attio connection ${JSON.stringify(id.slice(0, 100))} must be authorised again: ${why}.`,
  );
}

function revokeFailed(why: string, cause: unknown): AttioConnectionError {
  const retryAfterMs = cause instanceof AttioRequestError ? cause.retryAfterMs : undefined;
  return new AttioConnectionError(
    "ATTIO_REVOKE_FAILED",
    `The connection was forgotten here, but ${why}: the token may still be live at Attio.${cause instanceof Error ? ` (${cause.message})` : ""}`,
    {
      cause,
      tokenMayBeLive: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(cause instanceof AttioRequestError && cause.status !== undefined ? { status: cause.status } : {}),
    },
  );
}
