/** The non-secret facts about a token, formatted once for every sink. */
import { expiresIn, identityLabel, type ResolvedToken } from '../core/token.ts';

/** RFC 3339 in UTC without fractions (`2026-11-23T12:00:00Z`): what shells and `date -d` read. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface TokenFields {
  tokenType: string;
  expiresAt?: string;
  expiresIn?: number;
  scope?: string;
  tenant?: string;
  workspace?: string;
  identity?: string;
  method: string;
  source: string;
  sourceLabel: string;
  environment: string;
}

export function tokenFields(token: ResolvedToken, now = Date.now()): TokenFields {
  return {
    tokenType: token.tokenType,
    expiresAt: token.expiresAt ? rfc3339(token.expiresAt) : undefined,
    expiresIn: expiresIn(token, now),
    scope: token.scope || undefined,
    tenant: token.tenant || undefined,
    workspace: token.workspace || undefined,
    identity: identityLabel(token.identity),
    method: token.method,
    source: token.source,
    sourceLabel: token.sourceLabel,
    environment: token.environment,
  };
}

/** Every secret the token carries; each must be masked before anything else is written. */
export function tokenSecrets(token: ResolvedToken): string[] {
  const all = [token.accessToken, token.refreshToken, token.idToken];
  return [...new Set(all.filter((s): s is string => typeof s === 'string' && s.length > 0))];
}
