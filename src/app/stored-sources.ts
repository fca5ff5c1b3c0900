import type { TokenSource } from '../core/resolver.ts';
import { storedSessionSource } from '../sources/stored-session.ts';
import { storedTokenSource } from '../sources/stored-token.ts';
import { lazyStore } from '../store/lazy-store.ts';
import type { CredentialStore } from '../store/types.ts';
import type { ChainUse } from './methods.ts';

/** The stored part of a chain, for a use: `chainFor` puts it in place. */
export type StoredSources = (use: ChainUse) => TokenSource[];

/**
 * The saved static token and the saved OAuth session, sharing one store opened on first use.
 * A face with a credential store (the CLI) hands this to the app; one without (the Action)
 * does not, and its bundle carries none of the store's sources.
 */
export function storedSourcesFrom(
  openStore: () => Promise<CredentialStore>,
  warn?: (line: string) => void,
): StoredSources {
  const store = lazyStore(openStore);
  return (use) => [
    storedTokenSource({ store }),
    // `auth status --offline` reports the session as stored: never refreshed.
    storedSessionSource({
      store,
      ...(use === 'status' ? { refresh: false } : {}),
      ...(warn ? { warn } : {}),
    }),
  ];
}
