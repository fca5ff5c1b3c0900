/**
 * Writes a file that holds a secret so that no reader ever sees it half-written or with
 * loose permissions: a new temp file in the same directory (O_EXCL, 0600), fsync, rename.
 * A symlink at the destination is refused rather than replaced or followed: a link planted
 * in a shared directory is how a token gets written somewhere its owner did not choose.
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { storageError } from '../core/errors.ts';
import { randomHex } from '../core/random-uuid.ts';

export interface AtomicWriteOptions {
  /** File mode; default 0600. */
  mode?: number;
  /** Mode of parent directories this creates; default 0700. */
  dirMode?: number;
  /** Names the file in messages ("credentials file", "GitLab dotenv report"). */
  what?: string;
}

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? 'error';
}

/** What to try after a failed write, by errno; the path is the one the user gave. */
function hint(e: unknown, path: string): string {
  const c = code(e);
  if (c === 'EACCES' || c === 'EPERM')
    return `Check the permissions of ${dirname(path)}, or choose a path you can write.`;
  if (c === 'ENOSPC' || c === 'EDQUOT') return 'Free some disk space and try again.';
  return `Check that ${dirname(path)} is a directory you can write, or choose another path.`;
}

/** Refuses what a rename would clobber in a surprising way; absent is fine. */
function checkDestination(path: string, shown: string, what: string): void {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch (e) {
    if (code(e) === 'ENOENT') return;
    throw storageError(`Cannot write the ${what} ${shown}: ${code(e)}.`, hint(e, shown));
  }
  if (stat.isSymbolicLink()) {
    throw storageError(
      `Refusing to write the ${what} ${shown}: it is a symbolic link.`,
      'Remove the link or choose another path; tokenrelay does not write secrets through links.',
    );
  }
  if (stat.isDirectory()) {
    throw storageError(`Cannot write the ${what} ${shown}: it is a directory.`, 'Give a file path.');
  }
  if (!stat.isFile()) {
    throw storageError(`Cannot write the ${what} ${shown}: it is not a regular file.`, 'Give a file path.');
  }
}

/** Returns the absolute path written. */
export function writeFileAtomic(path: string, data: string, options: AtomicWriteOptions = {}): string {
  const mode = options.mode ?? 0o600;
  const what = options.what ?? 'file';
  const target = resolve(path);
  checkDestination(target, path, what);

  const dir = dirname(target);
  try {
    mkdirSync(dir, { recursive: true, mode: options.dirMode ?? 0o700 });
  } catch (e) {
    throw storageError(`Cannot create the directory for the ${what} ${path}: ${code(e)}.`, hint(e, path));
  }

  const temp = join(dir, `.${basename(target)}.${randomHex().slice(0, 12)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    // The umask may have narrowed the mode at creation; set it exactly.
    fchmodSync(fd, mode);
    const bytes = Buffer.from(data, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    // rename() replaces a link planted after the check instead of following it.
    renameSync(temp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed or never created.
    }
    throw storageError(`Cannot write the ${what} ${path}: ${code(e)}.`, hint(e, path));
  }
  syncDirectory(dir);
  return target;
}

/** Makes the rename durable; not possible on every platform, so best effort. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a directory for fsync; the data itself is already synced.
  }
}
