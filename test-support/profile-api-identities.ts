/**
 * Who a token is, for the profile API fixture: the API keys and PATs it knows, and the
 * JWT access tokens the test provider issues (checked against the provider's JWKS, issuer
 * and audience, the way a real resource server would).
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { TEST_USER } from './provider-account.ts';

export interface Profile {
  name: string;
  /** Service identities have none, as on most real APIs. */
  email: string | null;
  login: string;
  sub: string;
  tenants: string[];
  workspaces: string[];
}

export const ALICE_PROFILE: Profile = {
  name: TEST_USER.name,
  email: TEST_USER.email,
  login: TEST_USER.login,
  sub: TEST_USER.sub,
  tenants: ['acme', 'globex'],
  workspaces: ['acme/main', 'globex/research'],
};

export const BOT_PROFILE: Profile = {
  name: 'Release Bot',
  email: null,
  login: 'release-bot',
  sub: 'bot-release',
  tenants: ['acme'],
  workspaces: ['acme/main'],
};

/** Prefixed like real keys so prefix-based detection and masking can be exercised. */
export const TEST_API_KEYS = {
  /** A personal access token of alice. */
  alicePat: 'tr_pat_A1iceExamp1ePat7Qz9Lm4Rx2Vb8Nc6',
  /** A remote-execution key of the release bot. */
  botKey: 'rexec_R3leaseB0tKey5Hs8Jd2Kf9Lq4Wm7Zp',
} as const;

export function defaultTokens(): Map<string, Profile> {
  return new Map([
    [TEST_API_KEYS.alicePat, ALICE_PROFILE],
    [TEST_API_KEYS.botKey, BOT_PROFILE],
  ]);
}

/** A client-credentials token speaks for the client; its sub is the client id. */
function profileForSubject(sub: string): Profile {
  if (sub === TEST_USER.sub) return ALICE_PROFILE;
  return { name: sub, email: null, login: sub, sub, tenants: ['acme'], workspaces: ['acme/ci'] };
}

export type JwtProfileResolver = (token: string) => Promise<Profile | undefined>;

export function jwtResolver(issuer: string, audience: string | string[]): JwtProfileResolver {
  // jose caches the key set and refetches on an unknown kid, as a resource server would.
  const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer, audience, typ: 'at+jwt' });
      return typeof payload.sub === 'string' ? profileForSubject(payload.sub) : undefined;
    } catch {
      return undefined;
    }
  };
}
