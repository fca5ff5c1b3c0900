import { lazyStore } from '../sources/stored.ts';
import { openStore } from '../store/open-store.ts';
import type { CredentialStore } from '../store/types.ts';
import type { CliIO } from './io.ts';

/**
 * The credential store a command reads, opened on first use (a token from --token or the
 * environment never wakes the keychain) and only once per run.
 */
export function cliStore(
  io: CliIO,
  options: { insecureStorage?: boolean } = {},
): () => Promise<CredentialStore> {
  return lazyStore(() =>
    openStore({ env: io.env, warn: io.err, ...(options.insecureStorage ? { insecureStorage: true } : {}) }),
  );
}
