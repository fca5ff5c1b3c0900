import type { CredentialStore } from './types.ts';

/** Memoises `open`, so the two stored sources (and `auth status`) open the keychain once. */
export function lazyStore(open: () => Promise<CredentialStore>): () => Promise<CredentialStore> {
  let opened: Promise<CredentialStore> | undefined;
  return () => {
    opened ??= open();
    return opened;
  };
}
