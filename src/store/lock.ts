import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { storageError } from '../core/errors.ts';
import { randomHex } from '../core/random-uuid.ts';
import { errorCode, fsFailure } from './secure-fs.ts';

// Each file operation is synchronous: a lock is a handful of tiny reads and writes, and going
// through node:fs/promises would cost loading it (~1.5 ms) plus a thread-pool round trip per
// call on the paths whose start-up is measured (the Action's job cache, docs/performance.md).
// Only the waits between attempts yield.
const unlinkQuietly = (path: string) => {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or not ours to remove
  }
};
const sleep = (ms: number) => process.getBuiltinModule('node:timers/promises').setTimeout(ms);

export interface LockOptions {
  /** Give up waiting after this long (storage error, exit 6). */
  timeoutMs?: number;
  /** A lock this old is taken over even when its holder may be alive (another host, a hung process). */
  staleMs?: number;
}

const LOCK_DEFAULTS = { timeoutMs: 30_000, staleMs: 120_000 } as const;

/** A lock file that cannot be parsed is being written right now, or its writer died mid-write. */
const UNREADABLE_GRACE_MS = 2_000;
const TAKEOVER_STALE_MS = 10_000;

interface Holder {
  pid: number;
  host: string;
  createdAt: number;
  nonce: string;
}

interface Observed {
  raw: string;
  holder: Holder | undefined;
  mtimeMs: number;
}

/**
 * Runs `fn` while holding an exclusive lock file. The lock is the file's existence (created with
 * O_EXCL, which is atomic on local filesystems and NFSv3+); its content says who holds it so a
 * lock left by a crashed process can be recognised and taken over.
 */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const holder = await acquire(path, { ...LOCK_DEFAULTS, ...options });
  try {
    return await fn();
  } finally {
    release(path, holder);
  }
}

async function acquire(path: string, { timeoutMs, staleMs }: Required<LockOptions>): Promise<Holder> {
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    createdAt: 0,
    nonce: randomHex(),
  };
  const deadline = Date.now() + timeoutMs;
  let wait = 10;
  for (;;) {
    holder.createdAt = Date.now();
    if (tryCreate(path, holder)) return holder;
    const seen = observe(path);
    if (!seen) continue; // released between our attempt and our look: try again at once
    if (isStale(seen, staleMs) && takeOver(path, seen, staleMs)) continue;
    if (Date.now() >= deadline) throw timedOut(path, seen, timeoutMs);
    // Jitter keeps twenty waiters from retrying in lockstep.
    await sleep(Math.min(wait * (0.5 + Math.random()), Math.max(1, deadline - Date.now())));
    wait = Math.min(wait * 2, 160);
  }
}

function tryCreate(path: string, holder: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw fsFailure('create the lock file', path, e);
  }
  try {
    writeFileSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

function observe(path: string): Observed | undefined {
  try {
    const raw = readFileSync(path, 'utf8');
    const st = statSync(path);
    return { raw, holder: parseHolder(raw), mtimeMs: st.mtimeMs };
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw fsFailure('read the lock file', path, e);
  }
}

function parseHolder(raw: string): Holder | undefined {
  try {
    const v = JSON.parse(raw) as Partial<Holder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.createdAt === 'number') {
      return { pid: v.pid, host: v.host, createdAt: v.createdAt, nonce: String(v.nonce ?? '') };
    }
  } catch {}
  return undefined;
}

function isStale(seen: Observed, staleMs: number): boolean {
  const now = Date.now();
  if (!seen.holder) return now - seen.mtimeMs > UNREADABLE_GRACE_MS;
  if (now - seen.holder.createdAt > staleMs) return true;
  // A pid means nothing on another host (a shared home directory over NFS): age decides there.
  return seen.holder.host === hostname() && !isAlive(seen.holder.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM'; // exists, but belongs to someone else
  }
}

/**
 * Removes a stale lock. Takeovers are serialised through a second lock file and re-check that
 * the lock is still the one judged stale, so two waiters cannot both remove it and the second
 * delete the lock the first one has just created.
 */
function takeOver(path: string, seen: Observed, staleMs: number): boolean {
  const guard = `${path}.takeover`;
  const me: Holder = { pid: process.pid, host: hostname(), createdAt: Date.now(), nonce: 'takeover' };
  if (!tryCreate(guard, me)) {
    const other = observe(guard);
    if (other && isStale(other, Math.min(staleMs, TAKEOVER_STALE_MS))) unlinkQuietly(guard);
    return false;
  }
  try {
    const now = observe(path);
    if (now && now.raw === seen.raw && now.mtimeMs === seen.mtimeMs) unlinkQuietly(path);
    return true;
  } finally {
    unlinkQuietly(guard);
  }
}

function release(path: string, holder: Holder): void {
  // Only our own lock: if we held it past staleMs someone took it over, and theirs must stay.
  let seen: Observed | undefined;
  try {
    seen = observe(path);
  } catch {
    return; // unreadable: leave it for the stale check of whoever comes next
  }
  if (seen?.holder?.nonce === holder.nonce && seen.holder.pid === holder.pid) unlinkQuietly(path);
}

function timedOut(path: string, seen: Observed, timeoutMs: number) {
  const by = seen.holder
    ? ` (held by process ${seen.holder.pid} on ${seen.holder.host} since ${new Date(seen.holder.createdAt).toISOString()})`
    : '';
  return storageError(
    `Timed out after ${Math.round(timeoutMs / 1000)}s waiting for the lock ${path}${by}.`,
    `If no other tokenrelay command is running, remove ${path} and try again.`,
  );
}
