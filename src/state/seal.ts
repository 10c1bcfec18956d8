/**
 * Authenticated encryption for small values that travel through the browser:
 * AES-256-GCM with a fresh random IV, keys derived from the app's secrets with
 * HKDF-SHA256. The browser sees only an opaque base64url string, which names
 * (by a 4-byte id, derived apart from the key) the key that sealed it, so that a
 * value sealed with a secret this instance lacks is told from an altered one.
 */
import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, KeyObject, randomBytes } from "node:crypto";

/** Version 2 carries the key id; version 1 (no id) is still opened, for cookies sealed before an upgrade. */
const VERSION = 2;
const LEGACY_VERSION = 1;
const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Fixed salt: separates these keys from anything else an app derives from the same secret. */
const SALT = "passport-attio/state-cookie";
const INFO = "aes-256-gcm/v1";
const KEY_ID_INFO = "key-id/v1";

/** A key and the id sealed values name it by. */
export interface SealKey {
  readonly key: KeyObject;
  readonly id: Buffer;
}

/** Why a sealed value did not open: sealed with a key this instance lacks, or altered (or truncated, or for another context). */
export type OpenFailure = "unknown-key" | "invalid";

/** Derives one AES-256 key per secret; the first seals, all open. */
export function deriveKeys(secrets: readonly string[]): SealKey[] {
  return secrets.map((secret) => ({
    key: createSecretKey(Buffer.from(hkdfSync("sha256", secret, SALT, INFO, 32))),
    id: Buffer.from(hkdfSync("sha256", secret, SALT, KEY_ID_INFO, KEY_ID_BYTES)),
  }));
}

/** Encrypts and authenticates `plaintext`, binding it to `context` (which is not stored). */
export function seal(key: SealKey, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), key.id, iv, cipher.getAuthTag(), body]).toString("base64url");
}

/**
 * Opens a value made by {@link seal} with the key it names, under the same `context`.
 * `"unknown-key"` when it names none of `keys`; `"invalid"` when it was altered,
 * truncated or sealed for another context.
 */
export function open(keys: readonly SealKey[], sealed: string, context: string): string | OpenFailure {
  const bytes = decodeCanonical(sealed);
  if (bytes?.[0] === LEGACY_VERSION) return openLegacy(keys, bytes.subarray(1), context);
  if (bytes === undefined || bytes.length <= 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) return "invalid";
  const id = bytes.subarray(1, 1 + KEY_ID_BYTES);
  const key = keys.find((candidate) => candidate.id.equals(id));
  if (key === undefined) return "unknown-key";
  return tryOpen(key.key, bytes.subarray(1 + KEY_ID_BYTES), context) ?? "invalid";
}

function openLegacy(keys: readonly SealKey[], rest: Buffer, context: string): string | OpenFailure {
  if (rest.length <= IV_BYTES + TAG_BYTES) return "invalid";
  for (const { key } of keys) {
    const plaintext = tryOpen(key, rest, context);
    if (plaintext !== undefined) return plaintext;
  }
  return "invalid";
}

/** `ivTagBody` is the IV, then the tag, then the ciphertext. */
function tryOpen(key: KeyObject, ivTagBody: Buffer, context: string): string | undefined {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, ivTagBody.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(ivTagBody.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(ivTagBody.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/**
 * Node's base64url decoder skips characters it does not know and ignores spare
 * bits, so several strings decode alike; only the one {@link seal} wrote is accepted.
 */
function decodeCanonical(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}
