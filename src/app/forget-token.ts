import type { Settings } from '../core/settings.ts';
import { listEntries, removeEntry } from '../store/token-cache.ts';
import type { CredentialStore } from '../store/types.ts';
import { cacheKey } from './token-cache.ts';

type Env = Record<string, string | undefined>;

export interface ForgetDeps {
  /** The minted-token cache's directory, when the command uses one. */
  cacheDir?: string;
  /** The credential store, opened only when there is a token to look for in it. */
  store?: () => Promise<CredentialStore>;
  warn: (line: string) => void;
}

/**
 * A tool said the server rejected this token (git's `erase`): it must not be handed out
 * again. A cached minted token is dropped, so the next call mints; a stored session's access
 * token is marked expired (its refresh token kept), so the next call refreshes it. A token the
 * user gave (flag, variable, `auth login --with-token`) is theirs to replace: left alone.
 * Returns what was dropped, in words, for --verbose.
 */
export async function forgetRejectedToken(token: string, deps: ForgetDeps): Promise<string[]> {
  const dropped: string[] = [];
  if (deps.cacheDir) {
    for (const { key, entry } of listEntries(deps.cacheDir, deps.warn)) {
      if (entry.token.accessToken !== token) continue;
      await removeEntry(deps.cacheDir, key);
      dropped.push(`the cached token minted by ${entry.source}`);
    }
  }
  if (dropped.length || !deps.store) return dropped;
  const store = await deps.store();
  for (const record of await store.list()) {
    if (record.kind !== 'oauth' || record.accessToken !== token) continue;
    await store.withLock(record.environment, async () => {
      const latest = await store.get(record.environment, 'oauth');
      // Another process may have refreshed meanwhile: its new token was not rejected.
      if (latest?.accessToken !== token) return;
      await store.put({ ...latest, expiresAt: new Date().toISOString() });
      dropped.push(`the access token of the stored session for ${record.environment}`);
    });
  }
  return dropped;
}

/**
 * `docker logout`: the registry's client has no token to name, so every token the cache holds
 * for these settings is dropped and the next `get` mints. A stored session stays: logging out
 * of one registry is not logging out of tokenrelay.
 */
export async function forgetCachedFor(
  settings: Settings,
  env: Env,
  deps: ForgetDeps,
  extraParams?: Record<string, string>,
): Promise<number> {
  if (!deps.cacheDir) return 0;
  // Every entry is read (and judged) once, not once per source.
  const held = new Set(listEntries(deps.cacheDir, deps.warn).map((e) => e.key));
  let count = 0;
  for (const source of ['client-credentials', 'federation'] as const) {
    const key = cacheKey(source, settings, env, extraParams);
    if (!key) continue;
    if (held.has(key)) {
      await removeEntry(deps.cacheDir, key);
      count++;
    }
  }
  return count;
}
