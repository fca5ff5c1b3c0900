import type { TokenSource } from '../core/resolver.ts';
import { storedSessionSource } from '../sources/stored-session.ts';
import { storedTokenSource } from '../sources/stored-token.ts';
import type { CredentialStore } from '../store/types.ts';

export interface StoredSourcesOptions {
  /** false for `auth status`: report the session as stored; never refresh. */
  refresh?: boolean;
}

/** `ChainDeps.stored` for the CLI: a saved static token, then a saved OAuth session, sharing one store. */
export function storedSources(
  store: () => Promise<CredentialStore>,
  options: StoredSourcesOptions = {},
): TokenSource[] {
  return [
    storedTokenSource({ store }),
    storedSessionSource({ store, ...(options.refresh === false ? { refresh: false } : {}) }),
  ];
}
