import { decodeJwtClaims, trustClaims } from '../ci/jwt-claims.ts';
import { pickCiTokenSource } from '../ci/pick-ci-token.ts';
import type { FederationMode } from '../core/federation-modes.ts';
import type { ResolveContext } from '../core/resolver.ts';
import type { Settings } from '../core/settings.ts';
import type { ResolvedToken, Token } from '../core/token.ts';
import { clientCredentials } from '../oauth/client-credentials-grant.ts';
import type { GrantCommon } from '../oauth/grant-request.ts';
import { jwtBearer } from '../oauth/jwt-bearer.ts';
import { tokenExchange } from '../oauth/token-exchange.ts';
import { authorizationServer, transportOptions } from './configured-client.ts';
import { federationAdvice } from './federation-advice.ts';
import { federationClient } from './federation-client.ts';
import type { FederationExtras } from './mint-extras.ts';
import { mintedAt, minting, requestedFor } from './minted.ts';

/** The heavy half of the federation source, loaded only when it runs. */
export async function mintFederation(
  ctx: ResolveContext,
  mode: FederationMode,
  extras: FederationExtras,
): Promise<ResolvedToken> {
  const { settings } = ctx;
  const transport = transportOptions(settings, ctx.debug);
  const server = await authorizationServer(settings, transport);
  // GitHub mints for the audience we name: by default the server that will verify it.
  const audience = settings.oidcAudience ?? settings.issuer ?? server.issuer;
  const ci = pickCiTokenSource(settings, ctx.env, { audience, transport });
  // A CI token that is missing, malformed or expired fails here, before the server is asked.
  const first = await ci.current();
  const claims = decodeJwtClaims(first);
  ctx.debug?.(`federation: ${mode} with the CI token from ${ci.label} (aud ${JSON.stringify(claims?.aud)})`);
  const { client, auth } = await federationClient(settings, mode, ci);

  const common: GrantCommon = {
    server,
    client,
    clientAuth: auth,
    ...requestedFor(settings, extras.extraParams),
    transport,
    advise: federationAdvice({ mode, ci, claims, grantTypes: server.grant_types_supported }),
  };
  const token = await minting('oidc', server, () => exchange(mode, common, () => ci.current(), settings));
  return {
    ...token,
    source: 'federation',
    sourceLabel: `CI federation (${mode}, ${ci.label})`,
    method: 'oidc',
    ...mintedAt(ctx, server),
    ciClaims: trustClaims(claims),
  };
}

function exchange(
  mode: FederationMode,
  common: GrantCommon,
  ciToken: () => Promise<string>,
  settings: Settings,
): Promise<Token> {
  switch (mode) {
    case 'token-exchange':
      return tokenExchange({
        ...common,
        subjectToken: ciToken,
        subjectTokenType: settings.subjectTokenType,
        requestedTokenType: settings.requestedTokenType,
      });
    case 'jwt-bearer':
      return jwtBearer({ ...common, assertion: ciToken });
    case 'client-assertion':
      return clientCredentials({ ...common, clientId: common.client.client_id });
  }
}
