import { usageError } from '../core/errors.ts';
import type { Settings } from '../core/settings.ts';
import type { ResolvedToken } from '../core/token.ts';
import { validateToken } from '../identity/validate.ts';
import { transportOptions } from './oauth-client.ts';

/** Proves a resolved token works against the API's profile endpoint and records who it is. */
export async function validateResolved(
  token: ResolvedToken,
  settings: Settings,
  debug?: (line: string) => void,
): Promise<ResolvedToken> {
  if (!settings.apiUrl) {
    throw usageError(
      'Validating a token needs the API URL.',
      'Set --api-url / TOKENRELAY_API_URL / api-url (or api_url in the profile).',
    );
  }
  const identity = await validateToken({
    apiUrl: settings.apiUrl,
    profilePath: settings.profilePath,
    tokenHeader: settings.tokenHeader,
    tenantHeader: settings.tenantHeader,
    workspaceHeader: settings.workspaceHeader,
    tenant: token.tenant ?? settings.tenant,
    workspace: token.workspace ?? settings.workspace,
    routes: settings.routes,
    token: token.accessToken,
    transport: transportOptions(settings, debug),
  });
  return { ...token, identity };
}
