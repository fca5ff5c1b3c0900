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
  /** Which face's spellings messages use: CLI flags and variables, or the Action's inputs (default). */
  face?: Face;
}

export type Face = 'cli' | 'action';

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
      if (deps.cache && settings.clientId) return [orMissing(cc, settings, deps.face)];
      requireClientCredentials(settings, deps.face);
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

/** Fails before sending anything, listing every missing piece at once, in the face's own spellings. */
export function requireClientCredentials(settings: Settings, face: Face = 'action'): void {
  const say = SPELLING[face];
  const missing: string[] = [];
  if (!settings.clientId) missing.push(`a client id (${say.clientId})`);
  if (!settings.clientSecret && !settings.privateKey) {
    missing.push(`a client secret (${say.secret}) or a private key (${say.key})`);
  }
  if (!settings.issuer && !settings.tokenEndpoint) {
    missing.push(`an issuer (${say.issuer}) or a token endpoint (${say.endpoint})`);
  }
  if (missing.length)
    throw usageError(
      `Client credentials need ${missing.join('; ')}.`,
      face === 'cli'
        ? "Set the missing settings and run again; 'tokenrelay help environment' lists every variable."
        : 'Set the missing inputs and run again.',
    );
}
