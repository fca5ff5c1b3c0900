/**
 * `--export json` and the credentials file: one JSON object with stable keys. Absent facts
 * are null rather than missing, so `jq -r .expires_at` never needs a default; `ci_claims`
 * appears only for CI federation.
 *
 * Keys: token, token_type, expires_at (RFC 3339 UTC), expires_in (seconds), scope, tenant,
 * workspace, identity ({name, email, login, subject, tenants, workspaces}), method, source,
 * environment, ci_claims.
 */
import type { Identity, ResolvedToken } from '../core/token.ts';
import { tokenFields } from './fields.ts';

export interface TokenJson {
  token: string;
  token_type: string;
  expires_at: string | null;
  expires_in: number | null;
  scope: string | null;
  tenant: string | null;
  workspace: string | null;
  identity: Identity | null;
  method: string;
  source: string;
  environment: string;
  ci_claims?: Record<string, unknown>;
}

/** Copies only the known identity fields: whatever else a profile endpoint said stays out. */
function identityJson(identity: Identity | undefined): Identity | null {
  if (!identity) return null;
  const { name, email, login, subject, tenants, workspaces } = identity;
  return { name, email, login, subject, tenants, workspaces };
}

export function tokenJson(token: ResolvedToken, now = Date.now()): TokenJson {
  const f = tokenFields(token, now);
  const out: TokenJson = {
    token: token.accessToken,
    token_type: f.tokenType,
    expires_at: f.expiresAt ?? null,
    expires_in: f.expiresIn ?? null,
    scope: f.scope ?? null,
    tenant: f.tenant ?? null,
    workspace: f.workspace ?? null,
    identity: identityJson(token.identity),
    method: f.method,
    source: f.source,
    environment: f.environment,
  };
  if (token.ciClaims) out.ci_claims = token.ciClaims;
  return out;
}

/** Pretty-printed, newline-terminated. */
export function renderJson(token: ResolvedToken, now = Date.now()): string {
  return `${JSON.stringify(tokenJson(token, now), null, 2)}\n`;
}
