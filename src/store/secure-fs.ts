import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { storageError, TokenRelayError } from '../core/errors.ts';
import { randomHex } from '../core/random-uuid.ts';
import type { Warn } from './types.ts';

// Modes mean little on Windows (ACLs decide); the checks below are POSIX-only.
const POSIX = process.platform !== 'win32';
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/*
 * Every file operation here is synchronous: the files are small, and node:fs/promises would
 * cost loading it (and the readline module it pulls in, a few ms) plus a thread-pool round
 * trip per call, on paths whose start-up is measured (docs/performance.md). The exported
 * writers keep their async signatures.
 */

export function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** An fs failure as a storage error that names the file and what to try. */
export function fsFailure(action: string, path: string, e: unknown): TokenRelayError {
  if (e instanceof TokenRelayError) return e;
  const code = errorCode(e) ?? (e instanceof Error ? e.message : String(e));
  const hint =
    code === 'EACCES' || code === 'EPERM'
      ? `Check the permissions of ${path}, or set TOKENRELAY_CONFIG_DIR to a directory you own.`
      : code === 'ENOSPC' || code === 'EDQUOT'
        ? 'Free some disk space and try again.'
        : `Check ${dirname(path)} and try again.`;
  return storageError(`Could not ${action} ${path} (${code}).`, hint);
}

function symlinkRefused(path: string): TokenRelayError {
  return storageError(
    `${path} is a symbolic link; tokenrelay does not read or write credentials through one.`,
    `Remove the link (its target is left untouched) or set TOKENRELAY_CONFIG_DIR to a real directory, then run 'tokenrelay auth login' again.`,
  );
}

function checkOwner(path: string, st: Stats): void {
  if (POSIX && typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw storageError(
      `${path} belongs to another user (uid ${st.uid}).`,
      'Set TOKENRELAY_CONFIG_DIR to a directory you own.',
    );
  }
}

/** Sync: a read is a handful of syscalls on a local file, not worth a trip through the thread pool. */
function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw fsFailure('inspect', path, e);
  }
}

/** False when `dir` does not exist; throws when it is unsafe to use (and fixes loose modes). */
export async function inspectPrivateDir(dir: string, warn: Warn): Promise<boolean> {
  const st = lstatOrUndefined(dir);
  if (!st) return false;
  if (st.isSymbolicLink()) throw symlinkRefused(dir);
  if (!st.isDirectory())
    throw storageError(`${dir} is not a directory.`, `Move it away or set TOKENRELAY_CONFIG_DIR.`);
  checkOwner(dir, st);
  if (POSIX && (st.mode & 0o077) !== 0) {
    try {
      chmodSync(dir, 0o700);
    } catch (e) {
      throw fsFailure('restrict the permissions of', dir, e);
    }
    warn(`${dir} was accessible to other users (mode ${(st.mode & 0o777).toString(8)}); changed it to 700.`);
  }
  return true;
}

/**
 * Creates `dir` (0700) and any missing parents, then checks that no directory it created was
 * swapped for a symbolic link in between. Parents that already existed may be links (dotfile
 * managers, macOS /tmp); the directory itself may not.
 */
export async function ensurePrivateDir(dir: string, warn: Warn): Promise<void> {
  if (await inspectPrivateDir(dir, warn)) return;
  let first: string | undefined;
  try {
    first = mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw fsFailure('create', dir, e);
  }
  if (first) {
    let path = first;
    for (const part of relative(first, dir).split(sep).filter(Boolean)) {
      const st = lstatOrUndefined(path);
      if (st?.isSymbolicLink()) throw symlinkRefused(path);
      path = join(path, part);
    }
  }
  await inspectPrivateDir(dir, warn);
}

/**
 * Reads a private file without following a link at its last component; undefined when absent.
 * A file other users can read is fixed (0600) and reported through `warn`.
 */
export async function readPrivateFile(path: string, warn: Warn): Promise<string | undefined> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | O_NOFOLLOW);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    if (errorCode(e) === 'ELOOP') throw symlinkRefused(path);
    throw fsFailure('read', path, e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw storageError(`${path} is not a regular file.`, 'Move it away and log in again.');
    checkOwner(path, st);
    if (POSIX && (st.mode & 0o077) !== 0) {
      fchmodSync(fd, 0o600);
      warn(`${path} was readable by other users (mode ${(st.mode & 0o777).toString(8)}); changed it to 600.`);
    }
    return readFileSync(fd, 'utf8');
  } catch (e) {
    throw fsFailure('read', path, e);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a file only if this user could have been its only writer: a regular file (not a
 * link), owned by us, with no permission for anyone else. Otherwise — or when absent or
 * unreadable — undefined, and `warn` says why. For files whose content is trusted (a cached
 * token, the settings a job's later steps mint with), where fixing the mode is not enough.
 */
export function readTrustedFile(path: string, warn: Warn, what: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | O_NOFOLLOW);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') warn(`Ignoring ${what} ${path} (${errorCode(e)}).`);
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    const problem = !st.isFile()
      ? 'not a regular file'
      : POSIX && typeof process.getuid === 'function' && st.uid !== process.getuid()
        ? `owned by uid ${st.uid}`
        : POSIX && (st.mode & 0o077) !== 0
          ? `mode ${(st.mode & 0o777).toString(8)}`
          : undefined;
    if (problem) {
      warn(`Ignoring ${what} ${path} (${problem}); it will be replaced.`);
      return undefined;
    }
    return readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** True when `path` is absent or a file `readTrustedFile` would read. */
export function isTrustedOrAbsent(path: string): boolean {
  const st = lstatOrUndefined(path);
  if (!st) return true;
  if (!st.isFile()) return false;
  if (POSIX && typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
  return !POSIX || (st.mode & 0o077) === 0;
}

/** Throws when `path` is a symbolic link; a rename over it would silently replace the link. */
function refuseSymlink(path: string): void {
  if (lstatOrUndefined(path)?.isSymbolicLink()) throw symlinkRefused(path);
}

/**
 * Creates a new 0600 file that nothing else has had a chance to open: O_EXCL refuses an
 * existing file and a link planted at the path alike. For files with a fresh random name that
 * no reader looks for until this process has ended (the job file), where a rename and two
 * fsyncs would buy nothing.
 */
export function writeNewPrivateFile(path: string, data: string): void {
  try {
    writeFileSync(path, data, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    throw fsFailure('write', path, e);
  }
}

/**
 * Replaces `path` so that readers see the old or the new content, never a mix, and a crash
 * leaves no partly written credentials: temp file (O_EXCL, 0600) -> fsync -> rename -> fsync dir.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  refuseSymlink(path);
  const temp = `${path}.tmp-${process.pid}-${randomHex().slice(0, 12)}`;
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeFileSync(fd, data, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already gone
    }
    throw fsFailure('write', path, e);
  }
  syncDir(dirname(path));
}

/** Makes the rename itself durable. Not possible on Windows, where a directory cannot be opened. */
function syncDir(dir: string): void {
  if (!POSIX) return;
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some filesystems (network, FUSE) refuse fsync on a directory; the rename still happened.
  } finally {
    closeSync(fd);
  }
}

/** Moves an unreadable file aside so the user can log in again; returns where it went. */
export async function moveAside(path: string, label: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${path}.${label}-${stamp}`;
  try {
    renameSync(path, target);
  } catch (e) {
    throw fsFailure('move aside', path, e);
  }
  return target;
}

export async function removeFile(path: string): Promise<void> {
  try {
    unlinkSync(path);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw fsFailure('remove', path, e);
  }
}
