/** What a connection record holds once opened, and the metadata an app may see. */
import { isRecord } from "../util/json";

/** A connection as stored (inside the seal). Times are epoch milliseconds. */
export interface ConnectionRecord {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly expiresAt: number | null;
  readonly status: "active" | "revoked";
  readonly workspaceId: string | null;
  readonly workspaceName: string | null;
  readonly memberId: string | null;
  readonly scopes: readonly string[];
  readonly connectedAt: number;
  readonly checkedAt: number | null;
  readonly refreshedAt: number | null;
  readonly revokedAt: number | null;
}

/**
 * What is known about a connection, from {@link AttioConnections.get} and
 * {@link AttioConnections.check}. Never holds a token.
 *
 * @example
 * ```ts
 * const meta = await connections.get(user.id);
 * if (meta?.status === "revoked") showReconnectButton();
 * ```
 */
export interface AttioConnection {
  /** The id the app chose when it saved the connection. */
  readonly id: string;
  /** `revoked` once Attio said the token is inactive or refused to refresh it. */
  readonly status: "active" | "revoked";
  readonly workspaceId: string | null;
  readonly workspaceName: string | null;
  /** The workspace member who approved the app, when known. */
  readonly memberId: string | null;
  /** Granted scopes, as last seen from Attio. */
  readonly scopes: readonly string[];
  readonly connectedAt: Date;
  /** When Attio last confirmed the token (`/v2/self`); null before the first check. */
  readonly lastCheckedAt: Date | null;
  /** When the access token expires; null for Attio's tokens, which do not. */
  readonly expiresAt: Date | null;
  readonly refreshedAt: Date | null;
  readonly revokedAt: Date | null;
  /** Whether a refresh token is kept, so the access token can be renewed without the user. */
  readonly refreshable: boolean;
}

/** The metadata of a record: everything but the tokens. */
export function describe(id: string, record: ConnectionRecord): AttioConnection {
  return {
    id,
    status: record.status,
    workspaceId: record.workspaceId,
    workspaceName: record.workspaceName,
    memberId: record.memberId,
    scopes: [...record.scopes],
    connectedAt: new Date(record.connectedAt),
    lastCheckedAt: toDate(record.checkedAt),
    expiresAt: toDate(record.expiresAt),
    refreshedAt: toDate(record.refreshedAt),
    revokedAt: toDate(record.revokedAt),
    refreshable: record.refreshToken !== null,
  };
}

function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/** Narrows an opened record's JSON; undefined when any field has the wrong type. */
export function parseRecord(json: unknown): ConnectionRecord | undefined {
  if (!isRecord(json)) return undefined;
  const ok =
    isToken(json["accessToken"]) &&
    (json["refreshToken"] === null || isToken(json["refreshToken"])) &&
    (json["status"] === "active" || json["status"] === "revoked") &&
    ["workspaceId", "workspaceName", "memberId"].every((key) => json[key] === null || typeof json[key] === "string") &&
    Array.isArray(json["scopes"]) &&
    json["scopes"].every((scope) => typeof scope === "string") &&
    Number.isFinite(json["connectedAt"]) &&
    ["expiresAt", "checkedAt", "refreshedAt", "revokedAt"].every((key) => json[key] === null || Number.isFinite(json[key]));
  return ok ? (json as unknown as ConnectionRecord) : undefined;
}

function isToken(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}
