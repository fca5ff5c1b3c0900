/** What a protocol step returns: a token and what the server said about it. */
export interface Token {
  accessToken: string;
  /** As the server sent it, compared case-insensitively ("Bearer", "bearer", "N_A"). */
  tokenType: string;
  expiresAt?: Date;
  scope?: string;
  refreshToken?: string;
  idToken?: string;
  /** RFC 8693 `issued_token_type`, when a token exchange produced it. */
  issuedTokenType?: string;
}

/** The variable every command reads a given token from (the resolver's source 2). */
export const GIVEN_TOKEN_ENV = 'TOKENRELAY_TOKEN';

/** An environment without its given token: for a call whose identity the token does not belong to. */
export function withoutGivenToken<T extends Record<string, string | undefined>>(env: T): T {
  const { [GIVEN_TOKEN_ENV]: _given, ...rest } = env;
  return rest as T;
}

/** The resolver's sources, in no particular order here; the order is SOURCE_ORDER in resolver.ts. */
export type SourceId =
  | 'flag'
  | 'env'
  | 'stored-token'
  | 'stored-session'
  | 'client-credentials'
  | 'federation';

/** How the token was obtained, as shown in outputs (`method`). */
export type Method = 'token' | 'client-credentials' | 'oauth' | 'oidc';

/** Who the token belongs to, as the profile endpoint (or an ID token) said. */
export interface Identity {
  name?: string;
  email?: string;
  login?: string;
  subject?: string;
  tenants?: string[];
  workspaces?: string[];
}

/** A resolved token, labelled with where it came from and what it is scoped to. */
export interface ResolvedToken extends Token {
  source: SourceId;
  /** Human form of the source: "--token flag", "TOKENRELAY_TOKEN", "client credentials (cc-basic)". */
  sourceLabel: string;
  method: Method;
  /** The environment key: the API's URL, or the issuer where no API URL is set. */
  environment: string;
  tenant?: string;
  workspace?: string;
  identity?: Identity;
  /** Revocation endpoint of the server that minted it, when it offers one (post step). */
  revocationEndpoint?: string;
  /** Claims of the CI token that matter for trust setup (federation only; never the token). */
  ciClaims?: Record<string, unknown>;
  /** Served from the token cache: minted earlier by another command or step of this job. */
  cached?: boolean;
  /** Obtained afresh from a stored session's refresh token by this command. */
  refreshed?: boolean;
  /**
   * Expired as stored, but its source renews it when really asked (a session with a refresh
   * token, reported by `auth status --offline`, which sends nothing): not skipped as dead.
   */
  renewable?: boolean;
  /** Set by the token cache on a token it has just stored: takes it out again (once revoked). */
  uncache?: () => Promise<void>;
}

/** Best single display string for an identity. */
export function identityLabel(identity: Identity | undefined): string | undefined {
  if (!identity) return undefined;
  return identity.login ?? identity.email ?? identity.name ?? identity.subject;
}

/** Seconds left until expiry (floored, never negative), or undefined when the server gave none. */
/** RFC 3339 in UTC without fractions (`2026-11-23T12:00:00Z`): what shells and `date -d` read. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function expiresIn(token: Token, now = Date.now()): number | undefined {
  if (!token.expiresAt) return undefined;
  return Math.max(0, Math.floor((token.expiresAt.getTime() - now) / 1000));
}
