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
import type { TokenCacheDeps } from './cache-dir.ts';
import type { ChainUse, Method } from './methods.ts';
import type { StoredSources } from './stored-sources.ts';

/** What a face hands over; it never picks sources itself. */
export interface Collaborators {
  /** The stored sources over the face's credential store (`storedSourcesFrom`); none in the Action. */
  stored?: StoredSources;
  /** `--param` / the `params` input: extra token-request parameters for the minting sources. */
  extraParams?: Record<string, string>;
  /** The minted-token cache; without it every call mints. `auth status --offline` never reads it. */
  cache?: TokenCacheDeps;
  /** Which face's spellings messages use: CLI flags and variables, or the Action's inputs (default). */
  face?: Face;
}

export type Face = 'cli' | 'action';

/**
 * The one place the chain is built for each use; resolveToken puts it in SOURCE_ORDER.
 * `oidc` means the CI token even when `federation` is not set: then by token exchange.
 */
export function chainFor(use: ChainUse, settings: Settings, c: Collaborators = {}): TokenSource[] {
  const extras = c.extraParams ? { extraParams: c.extraParams } : {};
  const stored = c.stored?.(use) ?? [];
  const cache = use === 'status' ? undefined : c.cache;
  const federation = federationSource(extras);
  const cached = (source: TokenSource) => (cache ? lazilyCached(source, cache, c.extraParams) : source);
  const cc = cached(clientCredentialsSource(extras));
  switch (use) {
    case 'token':
      return [flagSource, envSource, ...stored];
    case 'client-credentials':
      // A later step of a job may lack the secret yet find the token the job minted.
      if (cache && settings.clientId) return [orMissing(cc, settings, c.face)];
      requireClientCredentials(settings, c.face);
      return [cc];
    case 'oidc':
      return [cached(federationSource({ ...extras, defaultMode: 'token-exchange' }))];
    case 'auto':
      return [flagSource, envSource, ...stored, cc, cached(federation)];
    case 'status': {
      // `auth status --offline`: what is held here, the cache read, nothing minted or sent.
      const peek = c.cache
        ? [cachePeek(cc, c.cache, c.extraParams), cachePeek(federation, c.cache, c.extraParams)]
        : [];
      return [flagSource, envSource, ...stored, ...peek, cc, federation];
    }
  }
}

const SPELLING: Record<
  Face,
  { clientId: string; secret: string; key: string; issuer: string; endpoint: string }
> = {
  cli: {
    clientId: '--client-id or TOKENRELAY_CLIENT_ID',
    secret: 'TOKENRELAY_CLIENT_SECRET or --client-secret-stdin',
    key: 'TOKENRELAY_PRIVATE_KEY or --private-key-file',
    issuer: '--issuer or TOKENRELAY_ISSUER',
    endpoint: '--token-endpoint or TOKENRELAY_TOKEN_ENDPOINT',
  },
  action: {
    clientId: 'the client-id input',
    secret: 'the client-secret input',
    key: 'the private-key input',
    issuer: 'the issuer input',
    endpoint: 'the token-endpoint input',
  },
};

/** The source, and when it has nothing (no cached token either), what is missing to mint. */
function orMissing(source: TokenSource, settings: Settings, face?: Face): TokenSource {
  return {
    ...source,
    async resolve(ctx) {
      const token = await source.resolve(ctx);
      if (!token) requireClientCredentials(settings, face);
      return token;
    },
  };
}

const PIECE: Record<ClientCredentialsPiece, (say: (typeof SPELLING)[Face]) => string> = {
  'client-id': (say) => `a client id (${say.clientId})`,
  'secret-or-key': (say) => `a client secret (${say.secret}) or a private key (${say.key})`,
  server: (say) => `an issuer (${say.issuer}) or a token endpoint (${say.endpoint})`,
};

/** Fails before sending anything, listing every missing piece at once, in the face's own spellings. */
export function requireClientCredentials(settings: Settings, face: Face = 'action'): void {
  const missing = missingClientCredentials(settings);
  if (missing.length)
    throw usageError(
      `Client credentials need ${missing.map((p) => PIECE[p](SPELLING[face])).join('; ')}.`,
      face === 'cli'
        ? "Set the missing settings and run again; 'tokenrelay help environment' lists every variable."
        : 'Set the missing inputs and run again.',
    );
}

export { type ClientCredentialsPiece, type Method, missingClientCredentials };

/** Only what the cache holds for a minting source (no mint): a source that mints nothing itself. */
function cachePeek(
  source: TokenSource,
  cache: TokenCacheDeps,
  extraParams: Record<string, string> | undefined,
): TokenSource {
  const { mints: _, ...rest } = source;
  return {
    ...rest,
    async resolve(ctx) {
      const { peekCache } = await import(/* webpackMode: "eager" */ './token-cache.ts');
      return peekCache(source.id, cache, ctx, extraParams);
    },
  };
}

/** The cache in front of a minting source, its modules loaded when the source is first asked. */
function lazilyCached(
  source: TokenSource,
  cache: TokenCacheDeps,
  extraParams: Record<string, string> | undefined,
): TokenSource {
  return {
    ...source,
    async resolve(ctx) {
      const { cachedSource } = await import(/* webpackMode: "eager" */ './token-cache.ts');
      return cachedSource(source, cache, extraParams).resolve(ctx);
    },
  };
}
