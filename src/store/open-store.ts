import { FileStore } from './file-store.ts';
import { readIndex } from './keychain-index.ts';
import { KeychainStore } from './keychain-store.ts';
import { KeychainWithFileStore } from './keychain-with-file.ts';
import { type OpenKeyringOptions, openKeyring } from './keyring-client.ts';
import type { LockOptions } from './lock.ts';
import { configDir } from './paths.ts';
import type { CredentialStore, Warn } from './types.ts';

export interface OpenStoreOptions {
  /** Process environment: config directory and D-Bus address come from it. */
  env?: Record<string, string | undefined>;
  /** `--insecure-storage`: use credentials.json even when a keychain is available. */
  insecureStorage?: boolean;
  warn: Warn;
  /** Say so before the first secret goes to credentials.json for want of a keychain (login, import). */
  announceFallback?: boolean;
  /**
   * A person may have to answer an unlock prompt: keychain calls then wait up to a minute
   * instead of 3 s. Defaults to stdin and stderr both being terminals.
   */
  interactive?: boolean;
  /** Seams for tests: how to load the native module, timeouts. */
  keyring?: Omit<OpenKeyringOptions, 'env'>;
  lock?: LockOptions;
}

/**
 * The store a command should use: the OS keychain when one answers, else credentials.json.
 * The fallback is announced once, when a login or an import first writes a secret to the file
 * (`fallbackReason` tells `auth status` why), not on every read or refresh.
 */
export async function openStore(options: OpenStoreOptions): Promise<CredentialStore> {
  const env = options.env ?? process.env;
  const dir = configDir(env);
  const { warn, lock } = options;
  if (options.insecureStorage) return new FileStore({ dir, warn, lock });
  // Asked of the descriptors, not of process.stdin/process.stderr: touching those builds their
  // streams (~6 ms), a cost a script reading its token should not pay.
  const interactive = () => {
    if (options.interactive !== undefined) return options.interactive;
    const { isatty } = process.getBuiltinModule('node:tty');
    return isatty(0) && isatty(2);
  };
  const opened = await openKeyring({
    callTimeoutMs: () => (interactive() ? 60_000 : 3_000),
    ...options.keyring,
    env,
  });
  if ('unavailable' in opened) {
    // A login made where the keychain answered is invisible from here: the index says so.
    const entries = await readIndex(dir, warn);
    const reason = opened.unavailable;
    return new FileStore({
      dir,
      warn,
      lock,
      fallbackReason: reason,
      ...(options.announceFallback ? { announceFallback: true } : {}),
      ...(entries.size > 0 ? { keychainOutOfReach: { reason, entries } } : {}),
    });
  }
  const keychain = new KeychainStore({ client: opened.client, dir, warn, lock });
  return new KeychainWithFileStore(keychain, new FileStore({ dir, warn, lock }));
}
