import { type LockOptions, withFileLock } from './lock.ts';
import { environmentLockPath, fileLockPath, locksDir } from './paths.ts';
import { ensurePrivateDir } from './secure-fs.ts';
import type { Warn } from './types.ts';

/**
 * The lock `CredentialStore.withLock` takes: one per environment, in the config directory
 * whatever the backend, so a keychain session is refreshed once however many commands race.
 */
export async function withEnvironmentLock<T>(
  dir: string,
  environment: string,
  fn: () => Promise<T>,
  warn: Warn,
  options?: LockOptions,
): Promise<T> {
  return withLockIn(dir, environmentLockPath(dir, environment), fn, warn, options);
}

/**
 * Guards one read-modify-write of a file shared by all environments (credentials.json, the
 * keychain index), so two environments saved at once do not lose each other's update.
 * Taken inside an environment lock, never around one: the order is fixed, so no deadlock.
 */
export async function withSharedFileLock<T>(
  dir: string,
  file: string,
  fn: () => Promise<T>,
  warn: Warn,
  options?: LockOptions,
): Promise<T> {
  return withLockIn(dir, fileLockPath(dir, file), fn, warn, options);
}

/** Lock files live in `<dir>/locks`; both are created private first. */
async function withLockIn<T>(
  dir: string,
  lockPath: string,
  fn: () => Promise<T>,
  warn: Warn,
  options: LockOptions | undefined,
): Promise<T> {
  await ensurePrivateDir(dir, warn);
  await ensurePrivateDir(locksDir(dir), warn);
  return withFileLock(lockPath, fn, options);
}
