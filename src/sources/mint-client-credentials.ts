import type { ResolveContext } from '../core/resolver.ts';
import type { ResolvedToken } from '../core/token.ts';
import { clientCredentials } from '../oauth/client-credentials-grant.ts';
import { authorizationServer, clientAuthFromSettings, transportOptions } from './configured-client.ts';
import type { ClientCredentialsExtras } from './mint-extras.ts';
import { mintedAt, minting, requestedFor } from './minted.ts';

/** The heavy half of the client-credentials source, loaded only when it runs. */
export async function mintClientCredentials(
  ctx: ResolveContext,
  extras: ClientCredentialsExtras,
): Promise<ResolvedToken> {
  const { settings } = ctx;
  // Key and client authentication first: a bad key is exit 2 with nothing sent.
  const { auth, method } = await clientAuthFromSettings(settings);
  const transport = transportOptions(settings, ctx.debug);
  const server = await authorizationServer(settings, transport);
  const token = await minting('client-credentials', server, () =>
    clientCredentials({
      server,
      clientId: settings.clientId!,
      clientAuth: auth,
      clientAuthMethod: method,
      ...requestedFor(settings, extras.extraParams),
      transport,
    }),
  );
  return {
    ...token,
    source: 'client-credentials',
    sourceLabel: `client credentials (${settings.clientId})`,
    method: 'client-credentials',
    ...mintedAt(ctx, server),
  };
}
