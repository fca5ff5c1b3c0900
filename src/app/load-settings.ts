import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigFile } from '../core/config-file.ts';
import { configTrustProblem } from '../core/config-trust.ts';
import { storageError, usageError } from '../core/errors.ts';
import { type Face, type FlagValues, resolveSettings, type Settings } from '../core/settings.ts';
import { configDir } from '../store/config-dir.ts';

type Env = Record<string, string | undefined>;

// Modes and owners mean little on Windows (ACLs decide); the trust rule is POSIX-only.
const POSIX = process.platform !== 'win32' && typeof process.getuid === 'function';

/**
 * Which config file a face reads: the CLI reads the user's (`default`); the Action reads
 * one only when an input asks (`default` for `profile`, a path for `config-file`), never
 * one that a persistent self-hosted runner home happens to hold.
 */
export type ConfigChoice = 'default' | 'none' | { path: string } | ReadConfig;

/** The user's file as a caller already read it (a credential helper picks its host section first). */
export interface ReadConfig {
  read: ConfigFile | undefined;
}

export async function readConfigFile(
  env: Env,
  choice: ConfigChoice = 'default',
): Promise<ConfigFile | undefined> {
  if (choice === 'none') return undefined;
  if (typeof choice === 'object' && 'read' in choice) return choice.read;
  const path = choice === 'default' ? join(configDir(env), 'config.toml') : choice.path;
  const text = readTrusted(path);
  if (text === undefined && choice !== 'default') {
    throw usageError(`The config file ${path} does not exist.`, 'Check the config-file input.');
  }
  if (text === undefined) return undefined;
  // The parser and its checks load only when there is a file to read.
  const { parseConfigFile } = await import(/* webpackMode: "eager" */ '../core/config-file.ts');
  return parseConfigFile(text, path);
}

/**
 * The file's text when it and its directory are trusted (see configTrustProblem); undefined when
 * absent. Also for `active-environment.json`, which chooses where tokens go just as config.toml does.
 */
export function readTrusted(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw storageError(`Cannot read ${path}: ${code ?? 'error'}.`, 'Check its permissions.');
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw usageError(`The config file ${path} is not a regular file.`, 'Move it away.');
    if (POSIX) {
      const uid = process.getuid!();
      const problem = configTrustProblem(path, st, uid, 'file');
      if (problem) throw problem;
      // The directory too: whoever can write it can swap the file. A link's target directory counts.
      for (const dir of new Set([dirname(path), dirname(realpathSync(path))])) {
        const dirProblem = configTrustProblem(dir, statSync(dir), uid, 'directory');
        if (dirProblem) throw dirProblem;
      }
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Both faces: flag-level values (CLI flags or Action inputs) over env over config over
 * defaults; in a later step of a job, the job file's identity when the step names no other.
 */
export async function loadSettings(
  flags: FlagValues,
  env: Env,
  face: Face = 'cli',
  config: ConfigChoice = 'default',
  job?: Record<string, string>,
): Promise<Settings> {
  const file = await readConfigFile(env, config);
  return resolveSettings({ flags, env, config: file, face, ...(job ? { job } : {}) });
}
