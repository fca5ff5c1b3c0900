/** The non-secret facts about a token, formatted once for every sink. */
import { expiresIn, identityLabel, type ResolvedToken, rfc3339 } from '../core/token.ts';

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
