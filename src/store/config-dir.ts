import { homedir } from 'node:os';
import { join } from 'node:path';

// Its own file: the config file's reader needs only this, not the store's other paths.

/** `$TOKENRELAY_CONFIG_DIR`, else `$XDG_CONFIG_HOME/tokenrelay`, else `~/.config/tokenrelay`. */
export function configDir(env: Record<string, string | undefined> = process.env): string {
  if (env.TOKENRELAY_CONFIG_DIR) return env.TOKENRELAY_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'tokenrelay');
  return join(env.HOME || homedir(), '.config', 'tokenrelay');
}
