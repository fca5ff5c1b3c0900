import { usageError } from '../core/errors.ts';
import type { TokenSource } from '../core/resolver.ts';
import type { Settings } from '../core/settings.ts';
import {
  type ClientCredentialsExtras,
  clientCredentialsSource,
} from '../sources/client-credentials-source.ts';
import { envSource, flagSource } from '../sources/explicit.ts';
import { cachedSource, type TokenCacheDeps } from './token-cache.ts';

/** `method` of the Action / `exchange`: which part of the chain may answer. */
export type MethodChoice = 'auto' | 'token' | 'client-credentials' | 'oidc';

export interface ChainDeps {
  /** Stored static token and stored OAuth session sources, when a credential store is open. */
  stored?: TokenSource[];
  /** CI federation, when configured. */
  federation?: TokenSource;
  clientCredentials?: ClientCredentialsExtras;
  /** The minted-token cache; without it every call mints. */
  cache?: TokenCacheDeps;
}

/** The sources that exist for this run; resolveToken puts them in SOURCE_ORDER. */
export function buildChain(method: MethodChoice, settings: Settings, deps: ChainDeps): TokenSource[] {
  const extraParams = deps.clientCredentials?.extraParams;
  const cached = (source: TokenSource) =>
    deps.cache ? cachedSource(source, deps.cache, extraParams) : source;
  const cc = cached(clientCredentialsSource(deps.clientCredentials ?? {}));
  const federation = deps.federation && cached(deps.federation);
  switch (method) {
    case 'token':
      return [flagSource, envSource, ...(deps.stored ?? [])];
    case 'client-credentials':
      // A later step of a job may lack the secret yet find the token the job minted.
      if (deps.cache && settings.clientId) return [orMissing(cc, settings)];
      requireClientCredentials(settings);
      return [cc];
    case 'oidc':
      if (!federation) {
        throw usageError(
          'method oidc needs CI federation settings.',
          'Set federation and issuer/token-endpoint.',
        );
      }
      return [federation];
    case 'auto':
      return [flagSource, envSource, ...(deps.stored ?? []), cc, ...(federation ? [federation] : [])];
  }
}

/** The source, and when it has nothing (no cached token either), what is missing to mint. */
function orMissing(source: TokenSource, settings: Settings): TokenSource {
  return {
    ...source,
    async resolve(ctx) {
      const token = await source.resolve(ctx);
      if (!token) requireClientCredentials(settings);
      return token;
    },
  };
}

/** Fails before sending anything, listing every missing piece at once. */
export function requireClientCredentials(settings: Settings): void {
  const missing: string[] = [];
  if (!settings.clientId) missing.push('a client id (--client-id / TOKENRELAY_CLIENT_ID / client-id)');
  if (!settings.clientSecret && !settings.privateKey) {
    missing.push(
      'a client secret (TOKENRELAY_CLIENT_SECRET / client-secret) or a private key (TOKENRELAY_PRIVATE_KEY / private-key)',
    );
  }
  if (!settings.issuer && !settings.tokenEndpoint) {
    missing.push('an issuer (--issuer / TOKENRELAY_ISSUER) or a token endpoint (--token-endpoint)');
  }
  if (missing.length)
    throw usageError(
      `Client credentials need ${missing.join('; ')}.`,
      'Set the missing settings and run again.',
    );
}
