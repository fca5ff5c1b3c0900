/**
 * The `exp` claim of a token that is a JWT, read without verifying anything: only for showing
 * when a token handed to us (a variable, a saved key) stops working. Never used to trust it.
 */
export function jwtExpiry(token: string): Date | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? new Date(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}
