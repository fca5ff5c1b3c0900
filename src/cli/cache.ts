import { cacheDirFor, type TokenCacheDeps } from '../app/cache-dir.ts';
import type { Settings } from '../core/settings.ts';
import type { CliIO } from './io.ts';

/** The minted-token cache a command uses, or undefined with --cache-dir off. */
export function cliCache(
  io: CliIO,
  settings: Settings,
  options: { write: boolean },
): TokenCacheDeps | undefined {
  const dir = cacheDirFor(settings, io.env);
  if (!dir) return undefined;
  io.debug(`token cache: ${dir}${options.write ? '' : ' (read only)'}`);
  return { dir, write: options.write, warn: (line) => io.err(`tokenrelay: warning: ${line}`) };
}
