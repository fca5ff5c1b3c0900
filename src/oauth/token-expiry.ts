/**
 * When a token stops working, from what the server said. A token response's expires_in is
 * RFC 6749's word for it; when a server leaves it out (several do for JWT access tokens),
 * the token's own `exp` is the next best thing. Neither is ever used to trust a token.
 */

/** Ten years. Longer answers (1e300, 9e12) mean "does not expire", and are no valid date. */
export const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 3600;

/** `expires_in` seconds from `now`, clamped to MAX_EXPIRES_IN_SECONDS; the caller has checked it is ≥ 0. */
export function expiryAfter(seconds: number, now = Date.now()): Date {
  return new Date(now + Math.min(seconds, MAX_EXPIRES_IN_SECONDS) * 1000);
}

/**
 * The `exp` claim of a token that is a JWT, read without verifying anything: only for showing
 * when a token stops working. undefined for opaque tokens and for an `exp` that is no date.
 */
export function jwtExpiry(token: string): Date | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    const exp = (claims as { exp?: unknown } | null)?.exp;
    if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) return undefined;
    const date = new Date(exp * 1000);
    return Number.isNaN(date.getTime()) ? undefined : date;
  } catch {
    return undefined;
  }
}
