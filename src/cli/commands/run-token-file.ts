import { lstatSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { usageError } from '../../core/errors.ts';
import { isInside } from '../../core/inside.ts';
import { writeFileAtomic } from '../../export/atomic-write.ts';

const WHAT = 'token file';

/**
 * `run --token-file PATH`: a file tokenrelay creates, rewrites and deletes. An existing path
 * is refused rather than taken over, since it is deleted when the command exits; inside
 * GitHub Actions so is the workspace, which workflows upload and cache.
 */
export function checkTokenFilePath(path: string, env: Record<string, string | undefined>): string {
  const target = resolve(path);
  let exists = true;
  try {
    lstatSync(target);
  } catch {
    exists = false;
  }
  if (exists) {
    throw usageError(
      `The token file ${path} already exists.`,
      'Give a path that does not exist: tokenrelay creates the file itself and deletes it when the command exits.',
    );
  }
  const workspace = env.GITHUB_WORKSPACE;
  if (env.GITHUB_ACTIONS === 'true' && workspace && isInside(dirname(target), workspace)) {
    throw usageError(
      `Refusing to write the token file ${path} inside GITHUB_WORKSPACE, which workflows upload and cache.`,
      'Put it under $RUNNER_TEMP instead, e.g. --token-file "$RUNNER_TEMP/api-token".',
    );
  }
  return target;
}

/** The token alone, no newline: what tools that read a token from a path expect. */
export function writeTokenFile(path: string, token: string): void {
  writeFileAtomic(path, token, { what: WHAT });
}

export function removeTokenFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing of ours is left to remove.
  }
}
