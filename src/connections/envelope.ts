/**
 * Connection records sealed at rest: AES-256-GCM under a key derived from the
 * app's secret (HKDF), a fresh nonce per write, and the connection id as
 * associated data. A short clear header lets a record that does not open say
 * why: `ac1.<key id>.<id tag>.<length>.<sealed>`.
 *
 * - key id: derived from the secret (not from any token), so a record sealed
 *   with a secret no longer configured is told apart from a tampered one;
 * - id tag: a hash of the connection id (already the store key), so a record
 *   copied under another id is told apart too;
 * - length: of the sealed part, so a truncated record is recognised as such.
 *
 * The header is not secret and not trusted: whatever it says, only the
 * authentication tag decides whether the record opens.
 */
import { createHash, hkdfSync, KeyObject } from "node:crypto";
import { AttioConnectionError, AttioRecordProblem } from "../errors";
import { deriveKeys, open, seal } from "../state/seal";
import { parseJsonOrUndefined } from "../util/json";
import { ConnectionRecord, parseRecord } from "./record";

const PREFIX = "ac1";
const SALT = "passport-attio/connection";
const HEADER = /^ac1\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{12})\.(\d{1,7})\.([A-Za-z0-9_-]*)$/;

interface SealingKey {
  readonly id: string;
  readonly key: KeyObject;
}

/** Seals with the first secret's key, opens with any. */
export class RecordSealer {
  private readonly keys: readonly SealingKey[];

  constructor(secrets: readonly string[]) {
    const keys = deriveKeys(secrets, SALT);
    this.keys = secrets.map((secret, index) => ({ id: keyId(secret), key: keys[index] as KeyObject }));
  }

  seal(connectionId: string, record: ConnectionRecord): string {
    const newest = this.keys[0] as SealingKey;
    const sealed = seal(newest.key, JSON.stringify(record), context(connectionId));
    return `${PREFIX}.${newest.id}.${idTag(connectionId)}.${sealed.length}.${sealed}`;
  }

  /** The record, or an `ATTIO_RECORD_UNREADABLE` error naming the problem. */
  open(connectionId: string, text: string): ConnectionRecord {
    const header = HEADER.exec(text);
    if (!header) return unreadable(connectionId, text.startsWith(`${PREFIX}.`) ? "truncated" : "malformed");
    const [, kid, tag, length, sealed = ""] = header;
    if (sealed.length < Number(length)) return unreadable(connectionId, "truncated");
    const key = this.keys.find((candidate) => candidate.id === kid);
    if (!key) return unreadable(connectionId, "unknown-key");
    const plaintext = sealed.length === Number(length) ? open([key.key], sealed, context(connectionId)) : undefined;
    // The id tag is only consulted to explain a failure: the hot path does not pay for the hash.
    if (plaintext === undefined) return unreadable(connectionId, tag === idTag(connectionId) ? "tampered" : "copied");
    const record = parseRecord(parseJsonOrUndefined(plaintext));
    return record ?? unreadable(connectionId, "malformed");
  }
}

const EXPLANATIONS: Readonly<Record<AttioRecordProblem, string>> = {
  "unknown-key": "was sealed with a secret that is not among the configured ones (was a key removed too early?)",
  tampered: "does not pass its integrity check: it was altered",
  copied: "belongs to another connection id: it was copied",
  truncated: "is cut short",
  malformed: "is not a connection record",
};

function unreadable(connectionId: string, problem: AttioRecordProblem): never {
  throw new AttioConnectionError(
    "ATTIO_RECORD_UNREADABLE",
    `The stored record of connection ${JSON.stringify(connectionId.slice(0, 100))} ${EXPLANATIONS[problem]}.`,
    { problem },
  );
}

function context(connectionId: string): string {
  return `${SALT}\u0000${connectionId}`;
}

function keyId(secret: string): string {
  return Buffer.from(hkdfSync("sha256", secret, SALT, "key-id/v1", 6)).toString("base64url");
}

function idTag(connectionId: string): string {
  return createHash("sha256").update(`${SALT}\u0000${connectionId}`, "utf8").digest().subarray(0, 9).toString("base64url");
}
