/**
 * Reads a CI token's claims without verifying it: the server verifies, we only look, to
 * know when it expires and to show what the server will see. Dependency-free on purpose,
 * so telling a JWT from garbage costs nothing at start-up.
 */

export type Claims = Record<string, unknown>;

/** The claims servers match in a trust policy (GitHub and GitLab names); nothing else is shown. */
const TRUST_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'repository',
  'repository_owner',
  'ref',
  'ref_type',
  'environment',
  'job_workflow_ref',
  'event_name',
  'runner_environment',
  'project_path',
  'namespace_path',
  'ref_protected',
  'pipeline_source',
] as const;

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** The payload of a compact JWS, or undefined when the text is not one. */
export function decodeJwtClaims(token: string): Claims | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !SEGMENT.test(parts[0]!) || !SEGMENT.test(parts[1]!)) return undefined;
  if (parts[2] !== '' && !SEGMENT.test(parts[2]!)) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (!isObject(header) || typeof header.alg !== 'string' || !isObject(payload)) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}

/** `exp` as a Date, when the token states one. */
export function expiryOf(claims: Claims | undefined): Date | undefined {
  const exp = claims?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000) : undefined;
}

/** Seconds of life left (negative once expired); Infinity when the token states no expiry. */
export function secondsLeft(claims: Claims | undefined, now = Date.now()): number {
  const exp = expiryOf(claims);
  return exp ? Math.floor((exp.getTime() - now) / 1000) : Number.POSITIVE_INFINITY;
}

/** The trust-relevant claims only, as plain strings/booleans/arrays, for summary and JSON. */
export function trustClaims(claims: Claims | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!claims) return out;
  for (const name of TRUST_CLAIMS) {
    const value = claims[name];
    if (typeof value === 'string' || typeof value === 'boolean') out[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[name] = value;
  }
  return out;
}

/** `aud` as one display string: `a` or `a, b`. */
export function audienceText(claims: Claims | undefined): string {
  const aud = claims?.aud;
  if (typeof aud === 'string') return aud;
  if (Array.isArray(aud)) return aud.filter((a) => typeof a === 'string').join(', ');
  return '(none)';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
