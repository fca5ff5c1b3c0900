import type { Settings } from '../core/settings.ts';
import type { Method } from '../core/token.ts';
import type { RevokeResult } from '../oauth/revoke.ts';

/** What revoking a minted token needs to know about it: never more than the post step keeps. */
export interface MintedToken {
  accessToken: string;
  revocationEndpoint?: string;
  method?: Method | string;
}

/**
 * RFC 7009 revocation of a token this job or run minted, with the client that minted it:
 * the configured client for client credentials, the federation client for a federated one.
 * Never throws: undefined means there was no client to revoke with.
 */
export async function revokeMinted(
  token: MintedToken,
  settings: Settings,
  env: Record<string, string | undefined>,
  debug?: (line: string) => void,
): Promise<RevokeResult | undefined> {
  if (!token.revocationEndpoint) return undefined;
  // The OAuth and HTTP libraries load only on this path.
  const { clientAuthFromSettings, transportOptions } = await import(
    /* webpackMode: "eager" */ '../sources/configured-client.ts'
  );
  const { revokeToken } = await import(/* webpackMode: "eager" */ '../oauth/revoke.ts');
  const transport = transportOptions(settings, debug);
  const who =
    token.method === 'oidc'
      ? await (
          await import(/* webpackMode: "eager" */ '../sources/federation-client.ts')
        ).federationRevocationClient(settings, env, transport)
      : settings.clientId
        ? await clientAuthFromSettings(settings)
        : undefined;
  if (!who) return undefined;
  return revokeToken({
    server: {
      issuer: settings.issuer ?? token.revocationEndpoint,
      revocation_endpoint: token.revocationEndpoint,
    },
    clientId: who.client.client_id,
    clientAuth: who.auth,
    token: token.accessToken,
    tokenTypeHint: 'access_token',
    transport,
  });
}
