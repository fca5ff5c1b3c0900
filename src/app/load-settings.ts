import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ConfigFile, parseConfigFile } from '../core/config-file.ts';
import { storageError } from '../core/errors.ts';
import { type Face, type FlagValues, resolveSettings, type Settings } from '../core/settings.ts';

type Env = Record<string, string | undefined>;

/** $TOKENRELAY_CONFIG_DIR, else $XDG_CONFIG_HOME/tokenrelay, else ~/.config/tokenrelay. */
export function configDir(env: Env): string {
  if (env.TOKENRELAY_CONFIG_DIR) return env.TOKENRELAY_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'tokenrelay');
  return join(env.HOME || homedir(), '.config', 'tokenrelay');
}

export function readConfigFile(env: Env): ConfigFile | undefined {
  const path = join(configDir(env), 'config.toml');
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw storageError(
      `Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`,
      'Check its permissions.',
    );
  }
  return parseConfigFile(text, path);
}

/** Both faces: flag-level values (CLI flags or Action inputs) over env over config over defaults. */
export function loadSettings(flags: FlagValues, env: Env, face: Face = 'cli'): Settings {
  return resolveSettings({ flags, env, config: readConfigFile(env), face });
}
