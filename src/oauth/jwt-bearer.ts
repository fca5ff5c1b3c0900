import { randomUUID } from 'node:crypto';
import { registerSecret } from '../core/secrets.ts';
import type { Token } from '../core/token.ts';
import { type GrantCommon, grantRequest } from './grant-request.ts';
import type { ClientKey } from './private-key.ts';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Long enough for a slow proxy, short enough that a leaked assertion is soon worthless. */
export const ASSERTION_LIFETIME_SECONDS = 300;

export interface JwtBearerOptions extends GrantCommon {
  /** Asked for before every attempt: a fresh CI token, or a freshly signed assertion (new jti). */
  assertion: () => Promise<string>;
}

/** RFC 7523 §2.1: a JWT — the CI token, or one signed here — is the authorization grant. */
export function jwtBearer(opts: JwtBearerOptions): Promise<Token> {
  return grantRequest(JWT_BEARER_GRANT, async () => ({ assertion: await opts.assertion() }), opts);
}

export interface SignedAssertionOptions {
  key: ClientKey;
  /** `iss`: who signs (a client id, a service account's email). */
  issuer: string;
  /** `sub`: whom the token is for; the issuer itself unless acting for a user. */
  subject: string;
  /** `aud`: the authorization server, by its token endpoint URL (RFC 7523 §3). */
  audience: string;
  /** Also a claim: Google service accounts and DocuSign read the scope from the assertion. */
  scope?: string;
}

/**
 * A JWT bearer assertion signed with the configured private key (the Google service
 * account, Salesforce and DocuSign JWT flows): short-lived, with a fresh `jti` each time so a
 * retry is never refused as a replay. Registered as a secret: until it expires it is as good
 * as a token.
 */
export async function signAssertion(opts: SignedAssertionOptions): Promise<string> {
  const { SignJWT } = await import(/* webpackMode: "eager" */ 'jose/jwt/sign');
  const now = Math.floor(Date.now() / 1000);
  const claims = opts.scope ? { scope: opts.scope } : {};
  const header = { alg: opts.key.alg, typ: 'JWT', ...(opts.key.kid ? { kid: opts.key.kid } : {}) };
  const jwt = await new SignJWT(claims)
    .setProtectedHeader(header)
    .setIssuer(opts.issuer)
    .setSubject(opts.subject)
    .setAudience(opts.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(opts.key.key);
  return registerSecret(jwt);
}
