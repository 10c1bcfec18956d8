/**
 * The sandbox's memory: consent requests waiting for a click, authorization
 * codes waiting for the token exchange, and access tokens. All in maps; the
 * sandbox is for one process's lifetime.
 */
import { createHash, randomBytes } from "node:crypto";
import type { SandboxWorkspace } from "./demo-data";

/** What the app asked for at `GET /authorize`, kept until the person decides. */
export interface ConsentRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string | undefined;
  readonly codeChallenge: string | undefined;
  readonly expiresAt: number;
}

/** What a code is issued for: the consent request, whether it waited for a click or not. */
export type ConsentAnswer = Omit<ConsentRequest, "expiresAt">;

/** Who approved, what they granted, and in which workspace. */
export interface Approval {
  readonly memberId: string;
  readonly scopes: readonly string[];
  readonly workspace: SandboxWorkspace;
}

/** An authorization code and what it was issued for. */
interface CodeGrant extends Approval {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string | undefined;
  readonly expiresAt: number;
  used: boolean;
  /** The token this code was exchanged for, revoked if the code is replayed. */
  issuedToken?: string;
}

/** An access token. Attio's never expire (`expiresAt` null); they are only revoked. */
export interface TokenGrant extends Approval {
  readonly clientId: string;
  /** Seconds since the epoch. */
  readonly issuedAt: number;
  readonly expiresAt: number | null;
  active: boolean;
}

/** What the token endpoint hands out: Attio's pair, plus a refresh token and lifetime in refresh mode. */
export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresIn?: number;
}

/** A refresh token: single use (rotated), and dead once its access token is revoked. */
interface RefreshGrant {
  readonly accessToken: string;
  used: boolean;
}

/** Why a code cannot be exchanged, as an RFC 6749 error. */
export interface GrantRefusal {
  readonly error: "invalid_grant";
  readonly description: string;
}

/** What the token endpoint checks a code against. */
export interface Exchange {
  readonly code: string;
  readonly clientId: string;
  readonly redirectUri: string | undefined;
  readonly codeVerifier: string | undefined;
}

/** How long a person may take on the consent page. */
const CONSENT_TTL_MS = 10 * 60 * 1000;

/** RFC 7636 §4.1: 43 to 128 characters from the unreserved set. */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

export class GrantStore {
  private readonly consents = new Map<string, ConsentRequest>();
  private readonly codes = new Map<string, CodeGrant>();
  private readonly tokens = new Map<string, TokenGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  /**
   * `tokenLifetimeSeconds` undefined is Attio today: tokens never expire and no
   * refresh token is issued. A number plays the Attio of a possible future.
   */
  constructor(
    private readonly codeTtlMs: number,
    private readonly now: () => number,
    private readonly tokenLifetimeSeconds: number | undefined,
  ) {}

  /** Keeps a consent request and returns its id, which the consent form posts back. */
  openConsent(request: ConsentAnswer): string {
    const id = randomToken(16);
    this.consents.set(id, { ...request, expiresAt: this.now() + CONSENT_TTL_MS });
    return id;
  }

  /** Takes a consent request out (each is answered once); undefined when unknown or stale. */
  takeConsent(id: string): ConsentRequest | undefined {
    const request = this.consents.get(id);
    this.consents.delete(id);
    return request && request.expiresAt > this.now() ? request : undefined;
  }

  /** Issues a single-use code for an approved consent. */
  issueCode(consent: ConsentAnswer, approval: Approval): string {
    const code = randomToken(24);
    this.codes.set(code, {
      clientId: consent.clientId,
      redirectUri: consent.redirectUri,
      codeChallenge: consent.codeChallenge,
      ...approval,
      expiresAt: this.now() + this.codeTtlMs,
      used: false,
    });
    return code;
  }

  /**
   * Exchanges a code for a new access token, or says why not. A code is spent by
   * any attempt, right or wrong, and a replayed code also revokes the token it
   * was first exchanged for (RFC 6749 §4.1.2: it may have been stolen).
   */
  exchange(request: Exchange): IssuedTokens | GrantRefusal {
    const grant = this.codes.get(request.code);
    if (!grant || grant.clientId !== request.clientId) return refuse("The authorization code is not valid.");
    if (grant.used) {
      if (grant.issuedToken) this.revoke(grant.issuedToken);
      return refuse("The authorization code has already been used.");
    }
    grant.used = true;
    if (grant.expiresAt <= this.now()) return refuse("The authorization code has expired.");
    if (request.redirectUri !== grant.redirectUri)
      return refuse("The redirect_uri does not match the one used to obtain the authorization code.");
    const pkce = checkVerifier(grant.codeChallenge, request.codeVerifier);
    if (pkce) return pkce;
    const issued = this.issue(grant.clientId, grant);
    grant.issuedToken = issued.accessToken;
    return issued;
  }

  /** `grant_type=refresh_token` (refresh mode only): a new pair; the old refresh token is spent. */
  refresh(refreshToken: string, clientId: string): IssuedTokens | GrantRefusal {
    const entry = this.refreshTokens.get(refreshToken);
    const grant = entry && this.tokens.get(entry.accessToken);
    if (!entry || !grant || entry.used || !grant.active || grant.clientId !== clientId) return refuse("The refresh token is not valid.");
    entry.used = true;
    return this.issue(grant.clientId, grant);
  }

  /** Whether the token endpoint accepts `grant_type=refresh_token`. */
  get issuesRefreshTokens(): boolean {
    return this.tokenLifetimeSeconds !== undefined;
  }

  /** Creates an active token directly, as if a member had just approved the app. */
  issueToken(clientId: string, approval: Approval): string {
    return this.issue(clientId, approval).accessToken;
  }

  private issue(clientId: string, { memberId, scopes, workspace }: Approval): IssuedTokens {
    const accessToken = randomToken(32);
    const issuedAt = Math.floor(this.now() / 1000);
    const lifetime = this.tokenLifetimeSeconds;
    this.tokens.set(accessToken, {
      clientId,
      memberId,
      scopes,
      workspace,
      issuedAt,
      expiresAt: lifetime === undefined ? null : issuedAt + lifetime,
      active: true,
    });
    if (lifetime === undefined) return { accessToken };
    const refreshToken = randomToken(32);
    this.refreshTokens.set(refreshToken, { accessToken, used: false });
    return { accessToken, refreshToken, expiresIn: lifetime };
  }

  /** The token's grant if it is known, not revoked and not expired. */
  activeToken(token: string): TokenGrant | undefined {
    const grant = this.tokens.get(token);
    const expiresAt = grant?.expiresAt ?? null;
    const expired = expiresAt !== null && expiresAt <= this.now() / 1000;
    return grant?.active && !expired ? grant : undefined;
  }

  /** Revokes one token; false when it was not known. */
  revoke(token: string): boolean {
    const grant = this.tokens.get(token);
    if (grant) grant.active = false;
    return grant !== undefined;
  }

  /** Every token issued so far, active or not, oldest first. */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  /** Revokes every token issued so far (the app was uninstalled). */
  revokeAll(): void {
    for (const grant of this.tokens.values()) grant.active = false;
  }
}

function refuse(description: string): GrantRefusal {
  return { error: "invalid_grant", description };
}

/** PKCE (RFC 7636) with S256: only when the authorize request carried a challenge, as Attio may ignore PKCE. */
function checkVerifier(challenge: string | undefined, verifier: string | undefined): GrantRefusal | undefined {
  if (challenge === undefined) return undefined;
  if (verifier === undefined) return refuse("A code_verifier is required: the authorization request had a code_challenge.");
  if (!VERIFIER_PATTERN.test(verifier)) return refuse("The code_verifier is malformed.");
  return s256(verifier) === challenge ? undefined : refuse("The code_verifier does not match the code_challenge.");
}

/** `BASE64URL(SHA256(verifier))`, RFC 7636 §4.2. */
export function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}
