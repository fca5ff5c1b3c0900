import type { ResolveContext, TokenSource } from '../core/resolver.ts';
import type { Settings } from '../core/settings.ts';
import type { ClientCredentialsExtras } from './mint-extras.ts';

/** What client credentials still need: nothing when they are complete. Asked only here. */
export type ClientCredentialsPiece = 'client-id' | 'secret-or-key' | 'server';

export function missingClientCredentials(s: Settings): ClientCredentialsPiece[] {
  const missing: ClientCredentialsPiece[] = [];
  if (!s.clientId) missing.push('client-id');
  if (!s.clientSecret && !s.privateKey) missing.push('secret-or-key');
  if (!s.issuer && !s.tokenEndpoint) missing.push('server');
  return missing;
}

export function hasClientCredentials(s: Settings): boolean {
  return missingClientCredentials(s).length === 0;
}

/** 5. Client credentials, when a client id with a secret or a private key is configured. */
export function clientCredentialsSource(extras: ClientCredentialsExtras): TokenSource {
  return {
    id: 'client-credentials',
    how: 'client credentials',
    mints: true,
    configured: (ctx) => hasClientCredentials(ctx.settings),
    describe: (ctx) =>
      hasClientCredentials(ctx.settings)
        ? `client ${ctx.settings.clientId} at ${ctx.settings.tokenEndpoint ?? ctx.settings.issuer}`
        : 'no client id with a secret or key',
    async resolve(ctx: ResolveContext) {
      if (!hasClientCredentials(ctx.settings)) return undefined;
      if (ctx.settings.grant === 'jwt-bearer') {
        const { mintJwtBearer } = await import(/* webpackMode: "eager" */ './mint-jwt-bearer.ts');
        return mintJwtBearer(ctx, extras);
      }
      // The OAuth and HTTP libraries are evaluated only on this path (start-up is measured).
      const { mintClientCredentials } = await import(
        /* webpackMode: "eager" */ './mint-client-credentials.ts'
      );
      return mintClientCredentials(ctx, extras);
    },
  };
}

export type { ClientCredentialsExtras } from './mint-extras.ts';
