import type { Token } from '../core/token.ts';
import { expiryAfter, jwtExpiry } from './token-expiry.ts';

/**
 * RFC 6749 §5.1, the successful access token response, checked without oauth4webapi:
 * oauth4webapi only reads WHATWG Responses, and building one costs the Action ~20 ms and
 * ~15 MB at start-up (Node loads its fetch implementation for it).
 *
 * This accepts only what is plainly a success — HTTP 200, a JSON object with a non-empty
 * access_token, a Bearer (or token exchange's N_A) token_type, and well-formed optional
 * members — and returns undefined for everything else. Whatever it declines goes to
 * oauth4webapi as before, which then produces the exact error (or accepts a rarer shape,
 * such as a response carrying an ID token whose claims it validates). So this module can
 * never accept what the library would refuse; __tests__/unit/access-token-response.test.ts
 * checks that side by side.
 */
export function acceptTokenResponse(status: number, body: unknown): Token | undefined {
  if (status !== 200 || !isObject(body)) return undefined;
  const { access_token, token_type, expires_in, refresh_token, scope, id_token, issued_token_type } = body;
  if (!nonEmpty(access_token) || !nonEmpty(token_type)) return undefined;
  const type = token_type.toLowerCase();
  if (type !== 'bearer' && type !== 'n_a') return undefined;
  // An ID token needs its claims validated against the issuer and client: the library does that.
  if (id_token !== undefined) return undefined;
  if (refresh_token !== undefined && !nonEmpty(refresh_token)) return undefined;
  if (scope !== undefined && typeof scope !== 'string') return undefined;
  const seconds = expiresIn(expires_in);
  if (seconds === null) return undefined;

  // token_type as sent: some APIs echo it back in the header, case and all.
  const token: Token = { accessToken: access_token, tokenType: token_type };
  // As token-response.ts: expires_in when given, else the access token's own `exp` if a JWT.
  const expiresAt = seconds !== undefined ? expiryAfter(seconds) : jwtExpiry(access_token);
  if (expiresAt) token.expiresAt = expiresAt;
  if (scope !== undefined) token.scope = scope;
  if (refresh_token !== undefined) token.refreshToken = refresh_token;
  if (typeof issued_token_type === 'string') token.issuedTokenType = issued_token_type;
  return token;
}

/** Seconds, undefined when absent, null when malformed. Servers that quote it are common. */
function expiresIn(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
