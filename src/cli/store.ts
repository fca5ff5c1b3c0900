import { lazyStore } from '../store/lazy-store.ts';
import type { CredentialStore } from '../store/types.ts';
import type { CliIO } from './io.ts';

/**
 * The credential store a command reads, opened on first use (a token from --token or the
 * environment never wakes the keychain, nor evaluates the store's code) and only once per run.
 */
export function cliStore(
  io: CliIO,
  options: { insecureStorage?: boolean; announceFallback?: boolean } = {},
): () => Promise<CredentialStore> {
  return lazyStore(async () => {
    const { openStore } = await import(/* webpackMode: "eager" */ '../store/open-store.ts');
    return openStore({
      env: io.env,
      warn: io.err,
      ...(options.insecureStorage ? { insecureStorage: true } : {}),
      ...(options.announceFallback ? { announceFallback: true } : {}),
    });
  });
}
