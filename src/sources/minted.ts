import type * as oauth from 'oauth4webapi';
import { issuedThenRefused, noteIssued } from '../core/issued-then-refused.ts';
import type { ResolveContext } from '../core/resolver.ts';
import { type Settings, settingName } from '../core/settings.ts';

/** What every token-minting source asks for, from the settings and the extra parameters. */
export function requestedFor(settings: Settings, extraParams: Record<string, string> | undefined) {
  return {
    scope: settings.scope,
    audience: settings.audience,
    resource: settings.resource,
    extraParams: { ...tenantParams(settings), ...extraParams },
    names: {
      clientId: settingName(settings, 'clientId'),
      scope: settingName(settings, 'scope'),
      clientAuth: settingName(settings, 'clientAuth'),
      audience: settingName(settings, 'audience'),
      resource: settingName(settings, 'resource'),
      params: settings.face === 'action' ? 'input params' : '--param',
      tokenEndpointSetting: settingName(settings, 'tokenEndpoint'),
      tokenEndpoint: settings.tokenEndpoint
        ? settingName(settings, 'tokenEndpoint')
        : `the token_endpoint of the issuer's metadata (or set ${settingName(settings, 'tokenEndpoint')})`,
    },
  };
}

/** Where a minted token belongs and where the post step can revoke it. */
export function mintedAt(ctx: ResolveContext, server: oauth.AuthorizationServer) {
  return {
    environment: ctx.environment ?? server.issuer,
    revocationEndpoint:
      typeof server.revocation_endpoint === 'string' ? server.revocation_endpoint : undefined,
  };
}

/**
 * Runs a minting grant; a token the server issued in a response we refused leaves with the
 * error, tagged with how to revoke it (core/issued-then-refused.ts).
 */
export async function minting<T>(
  method: 'client-credentials' | 'oidc',
  server: oauth.AuthorizationServer,
  grant: () => Promise<T>,
): Promise<T> {
  try {
    return await grant();
  } catch (e) {
    throw issuedThenRefused(e) ? noteIssued(e, { method, ...mintedAtServer(server) }) : e;
  }
}

function mintedAtServer(server: oauth.AuthorizationServer): { revocationEndpoint?: string } {
  return typeof server.revocation_endpoint === 'string'
    ? { revocationEndpoint: server.revocation_endpoint }
    : {};
}

/** Tenant and workspace as token-request parameters, under the names the server uses (default: not sent). */
export function tenantParams(s: {
  tenant?: string;
  workspace?: string;
  tenantParam?: string;
  workspaceParam?: string;
}): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.tenantParam && s.tenant) out[s.tenantParam] = s.tenant;
  if (s.workspaceParam && s.workspace) out[s.workspaceParam] = s.workspace;
  return out;
}
