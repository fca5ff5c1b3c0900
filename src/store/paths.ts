import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { sha256Hex } from '../core/sha256.ts';

export { configDir } from './config-dir.ts';

export const credentialsPath = (dir: string) => join(dir, 'credentials.json');

/** Which keychain entries exist (no secrets): the keychain itself cannot be listed portably. */
export const keychainIndexPath = (dir: string) => join(dir, 'keychain-index.json');

export const locksDir = (dir: string) => join(dir, 'locks');

/**
 * One lock per environment; hashed because an environment is a URL, not a file name.
 * Hashed by core/sha256.ts: no node:crypto for a path that takes a lock.
 */
export function environmentLockPath(dir: string, environment: string): string {
  const digest = sha256Hex(environment).slice(0, 16);
  return join(locksDir(dir), `env-${digest}.lock`);
}

/** Guards read-modify-write of one shared file (credentials.json, the keychain index). */
export const fileLockPath = (dir: string, file: string) => join(locksDir(dir), `${file}.lock`);

/** `~/.config/tokenrelay/credentials.json` rather than the full home path, for messages. */
export function tildePath(path: string, home: string = homedir()): string {
  return home && (path === home || path.startsWith(home + sep)) ? `~${path.slice(home.length)}` : path;
}
