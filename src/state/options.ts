/** The options of {@link CookieStateStore}, checked when it is built. */
import { rejectUnknownOptions } from "../util/options";
import { AttioConfigError } from "../errors";

/** Shortest secret accepted: 32 characters (about 190 bits when random). */
const MIN_SECRET_LENGTH = 32;

/**
 * Options of {@link CookieStateStore}.
 *
 * @example
 * ```ts
 * const options: CookieStateStoreOptions = {
 *   secret: [process.env.STATE_SECRET!, process.env.OLD_STATE_SECRET!],
 *   maxAge: 5 * 60 * 1000,
 * };
 * ```
 */
export interface CookieStateStoreOptions {
  /**
   * At least 32 characters, random, kept out of the code. An array rotates keys:
   * the first seals new cookies, every one opens them.
   */
  secret: string | readonly string[];
  /** Milliseconds a login may take from redirect to callback. Default 600000 (10 minutes). */
  maxAge?: number;
  /** Cookie name prefix; each login in flight gets `<name>.<id>`. Default `"attio_state"`. */
  name?: string;
  /**
   * Force the `Secure` attribute on or off. Default: on when the request is https
   * (`req.secure`, which honours Express's `trust proxy`) or the callback URL is https.
   */
  secure?: boolean;
  /**
   * Logins one browser may keep in flight (tabs). When a login starts, the oldest
   * beyond this, or beyond 4 KB of login cookies in all, are dropped, so a page that
   * floods a browser with sign-ins cannot make the next one's Cookie header too large.
   * Default 10.
   */
  maxPending?: number;
  /**
   * Name the cookies `__Host-<name>.<id>`, with `Path=/` and `Secure`: browsers then
   * refuse such a cookie from a sibling subdomain or a plain-http page, so an attacker
   * who can set cookies for your domain cannot plant a login of theirs (login CSRF).
   * Needs https (or http://localhost). Default `false`.
   */
  hostPrefix?: boolean;
}

/** Options after checking, with defaults filled in. */
export interface ResolvedCookieOptions {
  readonly secrets: readonly string[];
  readonly maxAgeMs: number;
  readonly name: string;
  readonly secure: boolean | undefined;
  readonly maxPending: number;
  readonly hostPrefix: boolean;
}

const KNOWN = ["secret", "maxAge", "name", "secure", "maxPending", "hostPrefix"] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** RFC 6265 cookie-name characters (an HTTP token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Checks every option; throws {@link AttioConfigError} on the first problem. */
export function resolveCookieOptions(options: unknown): ResolvedCookieOptions {
  if (typeof options !== "object" || options === null) throw configError('options must be an object with a "secret".');
  const given = options as Partial<Record<string, unknown>>;
  rejectUnknownOptions(given, KNOWN, configError);
  return {
    secrets: secretsOption(given["secret"]),
    maxAgeMs: integerOption(given["maxAge"], "maxAge", 1, DAY_MS, "milliseconds") ?? 10 * 60 * 1000,
    name: nameOption(given["name"]),
    secure: secureOption(given["secure"]),
    maxPending: integerOption(given["maxPending"], "maxPending", 1, 50, "logins") ?? 10,
    hostPrefix: hostPrefixOption(given["hostPrefix"], given["secure"]),
  };
}

function hostPrefixOption(value: unknown, secure: unknown): boolean {
  if (value === undefined || value === false) return false;
  if (value !== true) throw configError('"hostPrefix" must be a boolean.');
  if (secure === false)
    throw configError('"hostPrefix" needs Secure cookies: browsers refuse a __Host- cookie without it, so drop "secure: false".');
  return true;
}

/** `secret` as a list of secrets, each long enough; `owner` names the class in messages. */
export function secretsOption(value: unknown, owner = "CookieStateStore"): string[] {
  const configError = (problem: string) => new AttioConfigError(`${owner}: ${problem}`);
  const secrets: unknown[] = Array.isArray(value) ? value : [value];
  if (secrets.length === 0 || value === undefined)
    throw configError('"secret" is required: a string, or an array of strings for rotation.');
  for (const secret of secrets) {
    // The message never quotes the secret, only what is wrong with it.
    if (typeof secret !== "string") throw configError('every "secret" must be a string.');
    if (secret.length < MIN_SECRET_LENGTH) {
      throw configError(
        `every "secret" must be at least ${MIN_SECRET_LENGTH} characters long (one given has ${secret.length}); use a random value, e.g. 32 bytes in hex.`,
      );
    }
  }
  return secrets as string[];
}

function integerOption(value: unknown, key: string, min: number, max: number, unit: string): number | undefined {
  if (value === undefined) return undefined;
  if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) return value as number;
  throw configError(`"${key}" must be a whole number of ${unit} from ${min} to ${max}.`);
}

function nameOption(value: unknown): string {
  if (value === undefined) return "attio_state";
  if (typeof value === "string" && TOKEN.test(value) && value.length <= 64) return value;
  throw configError('"name" must be a cookie name (letters, digits and !#$%&\'*+-.^_`|~, at most 64).');
}

function secureOption(value: unknown): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw configError('"secure" must be a boolean.');
}

function configError(problem: string): AttioConfigError {
  return new AttioConfigError(`CookieStateStore: ${problem}`);
}
