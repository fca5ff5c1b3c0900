import { usageError } from '../core/errors.ts';
import { type Settings, settingName } from '../core/settings.ts';
import type { Identity, ResolvedToken } from '../core/token.ts';
import type { TransportOptions } from '../http/types.ts';
import { validateToken } from '../identity/profile-lookup.ts';
import type { TokenOrigin } from '../identity/refusal.ts';
import { transportOptions } from '../sources/configured-client.ts';
import type { Face } from './chain.ts';

/**
 * Asks the API's profile endpoint, as the settings describe it, who `token` belongs to, for
 * `scope`: a resolved token's (the resolver already fell back to the settings' tenant) or,
 * at login, the settings' own.
 */
export function validateWithSettings(
  token: string,
  settings: Settings & { apiUrl: string },
  transport: TransportOptions,
  scope: { tenant?: string; workspace?: string },
  origin?: TokenOrigin,
): Promise<Identity> {
  return validateToken({
    apiUrl: settings.apiUrl,
    profilePath: settings.profilePath,
    tokenHeader: settings.tokenHeader,
    tenantHeader: settings.tenantHeader,
    workspaceHeader: settings.workspaceHeader,
    tenant: scope.tenant,
    workspace: scope.workspace,
    routes: settings.routes,
    token,
    transport,
    names: {
      tenant: scopeName(settings, scope, 'tenant'),
      workspace: scopeName(settings, scope, 'workspace'),
      tokenHeader: settingName(settings, 'tokenHeader'),
      profilePath: settingName(settings, 'profilePath'),
      apiUrl: settingName(settings, 'apiUrl'),
      audience: settingName(settings, 'audience'),
      resource: settingName(settings, 'resource'),
    },
    ...(origin ? { origin } : {}),
  });
}

/**
 * A tenant no setting gave came with the stored login (chosen at login or by `auth switch`):
 * the way to change it is `auth switch`, not a setting the user never used.
 */
function scopeName(
  settings: Settings,
  scope: { tenant?: string; workspace?: string },
  key: 'tenant' | 'workspace',
): string {
  if (settings.origins[key] === undefined && scope[key] !== undefined) {
    return `'tokenrelay auth switch --${key} NAME'`;
  }
  return settingName(settings, key);
}

/** Proves a resolved token works against the API's profile endpoint and records who it is. */
export async function validateResolved(
  token: ResolvedToken,
  settings: Settings,
  debug?: (line: string) => void,
  face: Face = 'action',
): Promise<ResolvedToken> {
  const { apiUrl } = settings;
  if (!apiUrl) {
    throw usageError(
      'Validating a token needs the API URL.',
      face === 'cli'
        ? 'Set --api-url or TOKENRELAY_API_URL (or api_url in the profile).'
        : 'Set the api-url input (or api_url in the profile).',
    );
  }
  const identity = await validateWithSettings(
    token.accessToken,
    { ...settings, apiUrl },
    transportOptions(settings, debug),
    token,
    {
      minted: token.method === 'client-credentials' || token.method === 'oidc',
      machine: token.method === 'client-credentials',
      targeted: settings.resource.length > 0 || Boolean(settings.audience),
    },
  );
  return { ...token, identity };
}
