import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../core/settings.ts';

/**
 * The light half of the minted-token cache: where it lives, and what a chain needs to put it
 * in front of a minting source. The cache itself (app/token-cache.ts, with the store's entry
 * files and locks) loads only when such a source is asked for a token — a command served from
 * a stored session never evaluates it.
 */

type Env = Record<string, string | undefined>;

export interface TokenCacheDeps {
  dir: string;
  /** false (`run`): use a cached token, but keep what this process mints to itself. */
  write: boolean;
  warn: (line: string) => void;
  now?: () => number;
}

/**
 * Where minted tokens are cached. Inside GitHub Actions the job's RUNNER_TEMP by default (gone
 * when the job ends). Elsewhere only when asked — a cron job's token should not land on disk
 * unannounced: --cache-dir DIR, or `auto` for XDG_RUNTIME_DIR (gone at logout), else the
 * user's cache home. `off` turns the cache off everywhere.
 */
export function cacheDirFor(settings: Pick<Settings, 'cacheDir'>, env: Env): string | undefined {
  const chosen = settings.cacheDir;
  if (chosen === 'off') return undefined;
  if (chosen && chosen !== 'auto') return chosen;
  if (env.GITHUB_ACTIONS === 'true' && env.RUNNER_TEMP) return join(env.RUNNER_TEMP, 'tokenrelay-cache');
  if (chosen !== 'auto') return undefined;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'tokenrelay');
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'tokenrelay');
  return join(env.HOME || homedir(), '.cache', 'tokenrelay');
}
