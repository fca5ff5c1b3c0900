import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConfigFile, parseConfigFile } from '../core/config-file.ts';
import { storageError } from '../core/errors.ts';
import { type FlagValues, resolveSettings, type Settings } from '../core/settings.ts';
import { configDir } from '../store/config-dir.ts';

type Env = Record<string, string | undefined>;

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
export function loadSettings(flags: FlagValues, env: Env): Settings {
  return resolveSettings({ flags, env, config: readConfigFile(env) });
}
