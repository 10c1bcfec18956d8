/**
 * Authenticated encryption for small values kept where others can read them
 * (the browser's cookies, an app's token store):
 * AES-256-GCM with a fresh random IV, keys derived from the app's secrets with
 * HKDF-SHA256. The browser sees only an opaque base64url string.
 */
import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, KeyObject, randomBytes } from "node:crypto";

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Fixed salt: separates these keys from anything else an app derives from the same secret. */
const SALT = "passport-attio/state-cookie";
const INFO = "aes-256-gcm/v1";

/**
 * Derives one AES-256 key per secret; the first seals, all open. `salt` names
 * the purpose, so one secret used for two purposes yields unrelated keys.
 */
export function deriveKeys(secrets: readonly string[], salt = SALT): KeyObject[] {
  return secrets.map((secret) => createSecretKey(Buffer.from(hkdfSync("sha256", secret, salt, INFO, 32))));
}

/**
 * A short public id for each secret (HKDF apart from its key), for a sealed value
 * to name the key that sealed it: a value sealed with a secret an instance lacks
 * can then be told from an altered one.
 */
export function deriveKeyIds(secrets: readonly string[], salt = SALT): string[] {
  return secrets.map((secret) => Buffer.from(hkdfSync("sha256", secret, salt, "key-id/v1", 6)).toString("base64url"));
}

/** Encrypts and authenticates `plaintext`, binding it to `context` (which is not stored). */
export function seal(key: KeyObject, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]).toString("base64url");
}

/**
 * Opens a value made by {@link seal} with any of `keys` under the same `context`.
 * Undefined when it was altered, truncated, sealed with another secret or for
 * another context: the caller cannot tell which, and need not.
 */
export function open(keys: readonly KeyObject[], sealed: string, context: string): string | undefined {
  const bytes = decodeCanonical(sealed);
  if (bytes === undefined || bytes.length <= 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) return undefined;
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const body = bytes.subarray(1 + IV_BYTES + TAG_BYTES);
  for (const key of keys) {
    const plaintext = tryOpen(key, iv, tag, body, context);
    if (plaintext !== undefined) return plaintext;
  }
  return undefined;
}

function tryOpen(key: KeyObject, iv: Buffer, tag: Buffer, body: Buffer, context: string): string | undefined {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
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
