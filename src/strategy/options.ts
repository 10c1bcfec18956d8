/** The strategy's options: their types, their defaults, and the checks that catch mistakes at startup. */
import { Agent } from "node:http";
import { closest } from "../util/closest";
import { AttioConfigError } from "../errors";
import { ATTIO_API_URL, ATTIO_AUTHORIZATION_URL, ATTIO_REVOKE_URL, ATTIO_TOKEN_URL, DEFAULT_TIMEOUT_MS } from "../attio/endpoints";
import type { AttioScope } from "../attio/scope-catalogue";
import type { AttioStateStore } from "../state/state-store";
import { normalizeRequiredScopes } from "../scopes/scopes";

/** Decides per login whether to skip the profile; the passport-oauth2 forms are all accepted. */
export type SkipUserProfileOption =
  | boolean
  | ((accessToken: string) => boolean | Promise<boolean>)
  | ((accessToken: string, done: (err: unknown, skip?: boolean) => void) => void);

/**
 * Options of {@link AttioStrategy}. Only these are accepted: an unknown name
 * (such as `clientId`) is a constructor error.
 *
 * @example
 * ```ts
 * const options: AttioStrategyOptions = {
 *   clientID: process.env.ATTIO_CLIENT_ID!,
 *   clientSecret: process.env.ATTIO_CLIENT_SECRET!,
 *   callbackURL: "/auth/attio/callback",
 *   scope: ["record_permission:read", "user_management:read"],
 * };
 * ```
 */
export interface AttioStrategyOptionsBase {
  /** The app's client id, from Attio's developer dashboard. */
  clientID: string;
  /** The app's client secret. Sent only in the token request body. */
  clientSecret: string;
  /** Where Attio sends the browser back; must match a redirect URI registered on the app. Relative URLs resolve against the request. */
  callbackURL: string;
  /** Scopes the app requires (array, or a space-separated string), checked against Attio's catalogue now and against the grant at each login. */
  scope?: readonly (AttioScope | (string & {}))[] | string;
  /** PKCE with S256 (default `true`). `"plain"` is refused. */
  pkce?: boolean | "S256";
  /** Where login state and the PKCE verifier are kept. Default: the session, under `sessionKey`. */
  store?: AttioStateStore;
  /** Session key of the default store. Default `"oauth2:app.attio.com"` (from `authorizationURL`). */
  sessionKey?: string;
  /** Always on; accepted for compatibility with passport-oauth2 (only `true`). */
  state?: true;
  /** Default Attio's `https://app.attio.com/authorize`. */
  authorizationURL?: string;
  /** Default Attio's `https://app.attio.com/oauth/token`. */
  tokenURL?: string;
  /** Default Attio's `https://app.attio.com/oauth/revoke`: where {@link revokeAccessToken} and `AttioConnections.disconnect` revoke tokens. */
  revokeURL?: string;
  /** Base of `/v2/self` and `/v2/workspace_members/{id}`. Default `https://api.attio.com`. */
  apiURL?: string;
  /** Milliseconds each request to Attio may take, token exchange included. Default 10000. */
  timeout?: number;
  /** Skip the profile (the member request and the profile object). `/v2/self` is still read: it validates the token and its scopes. */
  skipUserProfile?: SkipUserProfileOption;
  /**
   * Let members whose Attio access level is `suspended` sign in. Default `false`: their
   * sign-in fails with `ATTIO_MEMBER_SUSPENDED`. Only applies when the member is read
   * (the grant includes `user_management:read`); otherwise `profile.accessLevel` is `"unknown"`.
   */
  allowSuspendedMembers?: boolean;
  /** Trust `X-Forwarded-Proto`/`Host` when resolving a relative `callbackURL`. */
  proxy?: boolean;
  /** Extra headers for the token request. */
  customHeaders?: Readonly<Record<string, string>>;
  /**
   * The `http.Agent` that carries every request to Attio: the token exchange (passport-oauth2-refresh's
   * too), `/v2/self` and the member. For a corporate proxy (`new HttpsProxyAgent(url)`), a custom CA or
   * connection limits (`new AttioAgent({ ca, maxSockets })`). Its protocol must match the URLs'. Default:
   * an {@link AttioAgent} of the strategy's own, which warms connections ahead of a login.
   */
  agent?: Agent;
}

/** Options when the verify callback does not take the request. */
export interface AttioStrategyOptions extends AttioStrategyOptionsBase {
  passReqToCallback?: false;
}

/** Options when the verify callback takes the request first. */
export interface AttioStrategyOptionsWithRequest extends AttioStrategyOptionsBase {
  passReqToCallback: true;
}

/** The name of every option either options type accepts. */
export type OptionName = keyof AttioStrategyOptions | keyof AttioStrategyOptionsWithRequest;

/**
 * Every option name, each once. `satisfies` ties the list to the options types: an option
 * added to a type but not here (which would be refused at runtime as unknown), or named here
 * but in no type, does not compile.
 */
const OPTION_NAMES = {
  clientID: true,
  clientSecret: true,
  callbackURL: true,
  scope: true,
  pkce: true,
  store: true,
  sessionKey: true,
  state: true,
  authorizationURL: true,
  tokenURL: true,
  revokeURL: true,
  apiURL: true,
  timeout: true,
  skipUserProfile: true,
  allowSuspendedMembers: true,
  proxy: true,
  customHeaders: true,
  agent: true,
  passReqToCallback: true,
} as const satisfies Record<OptionName, true>;

/** The options the constructor accepts, for its check and its "Did you mean" suggestions. */
export const KNOWN_OPTIONS = Object.keys(OPTION_NAMES) as readonly (keyof typeof OPTION_NAMES)[];

/** Options that passport-oauth2 has but that mean nothing with Attio. */
const REFUSED_OPTIONS: Readonly<Record<string, string>> = {
  scopeSeparator: "Attio does not read a scope parameter; scopes come from the app's settings in Attio's developer dashboard",
};

/** Options after checking, with every default filled in. */
export interface ResolvedOptions {
  readonly clientID: string;
  readonly clientSecret: string;
  readonly callbackURL: string;
  readonly requiredScopes: readonly AttioScope[];
  readonly pkce: boolean;
  readonly store: AttioStateStore | undefined;
  readonly sessionKey: string | undefined;
  readonly authorizationURL: string;
  readonly tokenURL: string;
  readonly revokeURL: string;
  readonly apiURL: string;
  readonly timeoutMs: number;
  readonly passReqToCallback: boolean;
  readonly skipUserProfile: SkipUserProfileOption;
  readonly allowSuspendedMembers: boolean;
  readonly proxy: boolean;
  readonly customHeaders: Readonly<Record<string, string>>;
  readonly agent: Agent | undefined;
}

/** Checks every option and fills in defaults; throws {@link AttioConfigError} on the first problem. */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new AttioConfigError("AttioStrategy: options must be an object.");
  const given = options as Partial<Record<string, unknown>>;
  rejectUnknownOptions(given);
  return {
    clientID: requiredString(given, "clientID"),
    clientSecret: requiredString(given, "clientSecret"),
    callbackURL: requiredString(given, "callbackURL"),
    requiredScopes: normalizeRequiredScopes(scopeOption(given["scope"])),
    pkce: pkceOption(given["pkce"]),
    store: storeOption(given["store"]),
    sessionKey: optional(given, "sessionKey", (v): v is string => typeof v === "string" && v !== "", "a non-empty string"),
    authorizationURL: urlOption(given, "authorizationURL", ATTIO_AUTHORIZATION_URL),
    tokenURL: urlOption(given, "tokenURL", ATTIO_TOKEN_URL),
    revokeURL: urlOption(given, "revokeURL", ATTIO_REVOKE_URL),
    apiURL: urlOption(given, "apiURL", ATTIO_API_URL),
    timeoutMs: optional(given, "timeout", isTimeout, "a whole number of milliseconds from 1 to 2147483647") ?? DEFAULT_TIMEOUT_MS,
    passReqToCallback: optional(given, "passReqToCallback", isBoolean, "a boolean") ?? false,
    skipUserProfile: optional(given, "skipUserProfile", isSkipOption, "a boolean or a function") ?? false,
    allowSuspendedMembers: optional(given, "allowSuspendedMembers", isBoolean, "a boolean") ?? false,
    proxy: optional(given, "proxy", isBoolean, "a boolean") ?? false,
    customHeaders: optional(given, "customHeaders", isHeaders, "an object of string header values") ?? {},
    agent: optional(given, "agent", (v): v is Agent => v instanceof Agent, "an http.Agent (or https.Agent)"),
    ...stateOption(given["state"]),
  };
}

function rejectUnknownOptions(given: Partial<Record<string, unknown>>): void {
  for (const key of Object.keys(given)) {
    if ((KNOWN_OPTIONS as readonly string[]).includes(key) || given[key] === undefined) continue;
    const refusal = REFUSED_OPTIONS[key];
    if (refusal) throw new AttioConfigError(`AttioStrategy: option "${key}" is not supported: ${refusal}.`);
    const suggestion = closest(key, KNOWN_OPTIONS);
    throw new AttioConfigError(`AttioStrategy: unknown option "${key.slice(0, 60)}".${suggestion ? ` Did you mean ${suggestion}?` : ""}`);
  }
}

function optional<T>(given: Partial<Record<string, unknown>>, key: string, check: (v: unknown) => v is T, expected: string): T | undefined {
  const value = given[key];
  if (value === undefined) return undefined;
  if (!check(value)) throw new AttioConfigError(`AttioStrategy: "${key}" must be ${expected}.`);
  return value;
}

function requiredString(given: Partial<Record<string, unknown>>, key: string): string {
  const value = given[key];
  if (typeof value !== "string" || value.trim() === "")
    throw new AttioConfigError(`AttioStrategy: "${key}" is required (a non-empty string).`);
  return value;
}

function urlOption(given: Partial<Record<string, unknown>>, key: string, fallback: string): string {
  const value = optional(given, key, isHttpUrl, "an absolute http(s) URL");
  return value ?? fallback;
}

function scopeOption(value: unknown): string | readonly string[] | undefined {
  if (value === undefined || typeof value === "string" || Array.isArray(value)) return value;
  throw new AttioConfigError('AttioStrategy: "scope" must be an array of scopes or a space-separated string.');
}

function pkceOption(value: unknown): boolean {
  if (value === undefined || value === true || value === "S256") return true;
  if (value === false) return false;
  if (value === "plain") {
    throw new AttioConfigError('AttioStrategy: pkce "plain" is refused: it protects nothing that S256 does not. Use true (S256).');
  }
  throw new AttioConfigError('AttioStrategy: "pkce" must be true, false or "S256".');
}

function storeOption(value: unknown): AttioStateStore | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<Record<string, unknown>>;
  if (
    typeof value === "object" &&
    value !== null &&
    typeof candidate["store"] === "function" &&
    typeof candidate["verify"] === "function"
  ) {
    return value as AttioStateStore;
  }
  throw new AttioConfigError('AttioStrategy: "store" must be a state store with store() and verify() methods.');
}

function stateOption(value: unknown): Record<string, never> {
  if (value === undefined || value === true) return {};
  throw new AttioConfigError('AttioStrategy: "state" cannot be turned off; it protects the callback from cross-site request forgery.');
}

function isBoolean(value: unknown): value is boolean {
  return typeof value === "boolean";
}

function isTimeout(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 2_147_483_647;
}

function isSkipOption(value: unknown): value is SkipUserProfileOption {
  return typeof value === "boolean" || typeof value === "function";
}

function isHeaders(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const { protocol } = new URL(value);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}
