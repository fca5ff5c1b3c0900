import { lstatSync, readFileSync, type Stats, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { usageError } from '../../core/errors.ts';
import { modeDigits, writersOf } from '../../core/file-mode.ts';
import { isInside, realPath } from '../../core/inside.ts';
import { writeFileAtomic } from '../../export/atomic-write.ts';

const WHAT = 'token file';
const WRITER = 'tokenrelay run';

/**
 * `run --token-file PATH`: a file tokenrelay creates, rewrites and deletes. An existing path
 * is refused rather than taken over, since it is deleted when the command exits — except a
 * token file a killed `run` left behind (below). Inside GitHub Actions the workspace, which
 * workflows upload and cache, is refused wherever a symlink leads; so is a directory someone
 * else can write, where they could swap the file the command reads.
 */
export function checkTokenFilePath(
  path: string,
  env: Record<string, string | undefined>,
  debug: (line: string) => void,
): string {
  const target = resolve(path);
  const workspace = env.GITHUB_WORKSPACE;
  if (env.GITHUB_ACTIONS === 'true' && workspace && isInside(dirname(target), workspace)) {
    throw usageError(
      `Refusing to write the token file ${path} inside GITHUB_WORKSPACE, which workflows upload and cache.`,
      'Put it under $RUNNER_TEMP instead, e.g. --token-file "$RUNNER_TEMP/api-token".',
    );
  }
  checkDirectories(path, dirname(realPath(target)));
  const existing = lstatOrUndefined(target);
  if (existing) {
    const left = leftByAKilledRun(target, existing);
    if (left.kind !== 'stale') {
      throw usageError(
        left.kind === 'in-use'
          ? `The token file ${path} is in use by another tokenrelay run (pid ${left.pid}).`
          : `The token file ${path} already exists.`,
        left.kind === 'in-use'
          ? 'Give another path, or wait until that command has ended: tokenrelay deletes the file then.'
          : 'Give a path that does not exist: tokenrelay creates the file itself and deletes it when the command exits.',
      );
    }
    removeTokenFile(target);
    debug(`run: replaced ${path}, left by a tokenrelay run that ended without deleting it (pid ${left.pid})`);
  }
  return target;
}

/**
 * The directory the file goes in, and every one above it, must be ours or root's and
 * writable by no one else (a sticky directory such as /tmp excepted: there nobody can
 * replace a file of ours). Directories still to be created are created 0700 by us.
 */
function checkDirectories(shown: string, dir: string): void {
  const me = process.getuid?.();
  if (me === undefined) return; // Windows: the ACLs of the user's profile decide
  for (let at = dir; ; at = dirname(at)) {
    const st = lstatOrUndefined(at);
    if (st) {
      const mode = modeDigits(st.mode);
      const problem =
        st.uid !== me && st.uid !== 0
          ? `belongs to uid ${st.uid} (mode ${mode})`
          : st.mode & 0o022 && !(st.mode & 0o1000)
            ? `is writable by ${writersOf(st.mode)} (owner uid ${st.uid}, mode ${mode})`
            : undefined;
      if (problem) {
        throw usageError(
          `Refusing to write the token file ${shown}: the directory ${at} ${problem}, so someone else could swap the file the command reads.`,
          `Put it in a directory only you can write, e.g. one made with 'mkdir -m 700', or "$RUNNER_TEMP" in GitHub Actions.`,
        );
      }
    }
    if (dirname(at) === at) return;
  }
}

/** Beside the token file: who writes it. The token file itself holds the token alone. */
const markerOf = (path: string) => join(dirname(path), `.${basename(path)}.tokenrelay-run`);

interface Marker {
  writer: typeof WRITER;
  pid: number;
  /** The writer's start time (Linux), so a recycled pid does not pass for it. */
  started: string | null;
  host: string;
}

type Verdict = { kind: 'stale'; pid: number } | { kind: 'in-use'; pid: number } | { kind: 'not-ours' };

/**
 * A token file is replaced only when it is ours beyond doubt — a regular 0600 file of ours
 * with our marker beside it (also ours, 0600) — and its writer, on this machine, is gone.
 */
function leftByAKilledRun(path: string, st: Stats): Verdict {
  const me = process.getuid?.();
  const ours = (s: Stats | undefined) => s?.isFile() && s.uid === me && (s.mode & 0o777) === 0o600;
  const markerPath = markerOf(path);
  if (me === undefined || !ours(st) || !ours(lstatOrUndefined(markerPath))) return { kind: 'not-ours' };
  let marker: Partial<Marker>;
  try {
    marker = JSON.parse(readFileSync(markerPath, 'utf8')) as Partial<Marker>;
  } catch {
    return { kind: 'not-ours' };
  }
  if (marker.writer !== WRITER || !Number.isInteger(marker.pid) || marker.host !== hostname()) {
    return { kind: 'not-ours' };
  }
  const pid = marker.pid as number;
  return alive(pid, marker.started ?? null) ? { kind: 'in-use', pid } : { kind: 'stale', pid };
}

function alive(pid: number, started: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const now = startTime(pid);
  return !(started && now && now !== started);
}

/** Field 22 of /proc/PID/stat, the process's start time since boot; null where there is no /proc. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** The token alone, no newline: what tools that read a token from a path expect. */
export function writeTokenFile(path: string, token: string, first = false): void {
  if (first) {
    const marker: Marker = {
      writer: WRITER,
      pid: process.pid,
      started: startTime(process.pid),
      host: hostname(),
    };
    writeFileAtomic(markerOf(path), JSON.stringify(marker), { what: `${WHAT} marker` });
  }
  writeFileAtomic(path, token, { what: WHAT });
}

/** The token first, then its marker: a marker alone names no file to take over. */
export function removeTokenFile(path: string): void {
  for (const file of [path, markerOf(path)]) {
    try {
      unlinkSync(file);
    } catch {
      // Already gone: nothing of ours is left to remove.
    }
  }
}
