import { usageError } from '../core/errors.ts';
import type { TokenSource } from '../core/resolver.ts';
import type { Settings } from '../core/settings.ts';
import {
  type ClientCredentialsPiece,
  clientCredentialsSource,
  missingClientCredentials,
} from '../sources/client-credentials-source.ts';
import { envSource, flagSource } from '../sources/explicit.ts';
import { federationSource } from '../sources/federation-source.ts';
import type { ChainUse, Method } from './methods.ts';
import type { StoredSources } from './stored-sources.ts';
import { cachedSource, type TokenCacheDeps } from './token-cache.ts';

/** What a face hands over; it never picks sources itself. */
export interface Collaborators {
  /** The stored sources over the face's credential store (`storedSourcesFrom`); none in the Action. */
  stored?: StoredSources;
  /** `--param` / the `params` input: extra token-request parameters for the minting sources. */
  extraParams?: Record<string, string>;
  /** The minted-token cache; without it every call mints. `auth status` never reads it. */
  cache?: TokenCacheDeps;
}

/**
 * The one place the chain is built for each use; resolveToken puts it in SOURCE_ORDER.
 * `oidc` means the CI token even when `federation` is not set: then by token exchange.
 */
export function chainFor(use: ChainUse, settings: Settings, c: Collaborators = {}): TokenSource[] {
  const extras = c.extraParams ? { extraParams: c.extraParams } : {};
  const stored = c.stored?.(use) ?? [];
  const cache = use === 'status' ? undefined : c.cache;
  const cached = (source: TokenSource) => (cache ? cachedSource(source, cache, c.extraParams) : source);
  const cc = cached(clientCredentialsSource(extras));
  switch (use) {
    case 'token':
      return [flagSource, envSource, ...stored];
    case 'client-credentials':
      // A later step of a job may lack the secret yet find the token the job minted.
      if (cache && settings.clientId) return [orMissing(cc, settings)];
      requireClientCredentials(settings);
      return [cc];
    case 'oidc':
      return [cached(federationSource({ ...extras, defaultMode: 'token-exchange' }))];
    case 'auto':
    case 'status':
      return [flagSource, envSource, ...stored, cc, cached(federationSource(extras))];
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

const PIECE_WORDS: Record<ClientCredentialsPiece, string> = {
  'client-id': 'a client id (--client-id / TOKENRELAY_CLIENT_ID / client-id)',
  'secret-or-key':
    'a client secret (TOKENRELAY_CLIENT_SECRET / client-secret) or a private key (TOKENRELAY_PRIVATE_KEY / private-key)',
  server: 'an issuer (--issuer / TOKENRELAY_ISSUER) or a token endpoint (--token-endpoint)',
};

/** Fails before sending anything, listing every missing piece at once. */
function requireClientCredentials(settings: Settings): void {
  const missing = missingClientCredentials(settings);
  if (missing.length)
    throw usageError(
      `Client credentials need ${missing.map((p) => PIECE_WORDS[p]).join('; ')}.`,
      'Set the missing settings and run again.',
    );
}

export { type ClientCredentialsPiece, type Method, missingClientCredentials };
