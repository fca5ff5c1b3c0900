import { usageError } from '../core/errors.ts';
import type { ResolveContext } from '../core/resolver.ts';
import type { ResolvedToken } from '../core/token.ts';
import { jwtBearer, signAssertion } from '../oauth/jwt-bearer.ts';
import { loadPrivateKey } from '../oauth/private-key.ts';
import { tokenEndpointOf } from '../oauth/token-endpoint.ts';
import { authorizationServer, clientAuthFromSettings, transportOptions } from './configured-client.ts';
import type { ClientCredentialsExtras } from './mint-extras.ts';
import { mintedAt, minting, requestedFor } from './minted.ts';

/**
 * `--grant jwt-bearer`: the client-credentials source trading an assertion it signs with the
 * configured key (RFC 7523 §2.1) instead of running client_credentials. Loaded only when it runs.
 */
export async function mintJwtBearer(
  ctx: ResolveContext,
  extras: ClientCredentialsExtras,
): Promise<ResolvedToken> {
  const { settings } = ctx;
  if (!settings.privateKey) {
    throw usageError(
      'grant jwt-bearer signs its assertion with a private key, and none is configured.',
      'Set TOKENRELAY_PRIVATE_KEY (--private-key-file, or the private-key input): a PKCS#8 PEM or a private JWK.',
    );
  }
  // Key and client first: a bad key is exit 2 with nothing sent.
  const key = await loadPrivateKey(settings.privateKey);
  const { client, auth } = await clientAuthFromSettings(settings);
  const transport = transportOptions(settings, ctx.debug);
  const server = await authorizationServer(settings, transport);
  const issuer = settings.assertionIssuer ?? settings.clientId!;
  // RFC 7523 §3 names the token endpoint; Salesforce wants its login host, DocuSign its bare one.
  const audience = settings.assertionAudience ?? tokenEndpointOf(server);
  const token = await minting('client-credentials', server, () =>
    jwtBearer({
      server,
      client,
      clientAuth: auth,
      ...requestedFor(settings, extras.extraParams),
      transport,
      assertion: () =>
        signAssertion({
          key,
          issuer,
          subject: settings.assertionSubject ?? issuer,
          audience,
          ...(settings.scope?.trim() ? { scope: settings.scope.trim().split(/\s+/).join(' ') } : {}),
        }),
    }),
  );
  return {
    ...token,
    source: 'client-credentials',
    sourceLabel: `JWT bearer assertion (${issuer})`,
    method: 'client-credentials',
    ...mintedAt(ctx, server),
  };
}
