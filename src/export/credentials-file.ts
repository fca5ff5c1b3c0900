/**
 * `--export file=PATH`: the JSON of `--export json` in a 0600 file, for tools that read
 * credentials from a path. On Actions runners the default lives in RUNNER_TEMP, never in
 * the workspace: workspaces get uploaded as artifacts and cached, and a token file there
 * leaks with them (google-github-actions/auth had to learn this). The caller records the
 * returned path so the post step can delete the file.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { usageError } from '../core/errors.ts';
import { isInside } from '../core/inside.ts';
import { randomHex } from '../core/random-uuid.ts';
import type { ResolvedToken } from '../core/token.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { renderJson } from './token-json.ts';

const WHAT = 'credentials file';

/** `${RUNNER_TEMP}/tokenrelay-<random>.json` (the OS temp dir outside Actions). */
export function defaultCredentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env['RUNNER_TEMP'] || tmpdir();
  const path = join(resolve(dir), `tokenrelay-${randomHex()}.json`);
  const workspace = env['GITHUB_WORKSPACE'];
  if (workspace && isInside(dir, workspace)) {
    throw usageError(
      `Refusing to put the ${WHAT} in ${dir}: it is inside GITHUB_WORKSPACE, which workflows upload and cache.`,
      'Point RUNNER_TEMP outside the workspace, or give an explicit path with file=PATH.',
    );
  }
  return path;
}

/** Writes the file (path as given, or the default); returns the absolute path written. */
export function writeCredentialsFile(
  token: ResolvedToken,
  path: string | undefined,
  options: { env?: NodeJS.ProcessEnv; now?: number } = {},
): string {
  const target = path || defaultCredentialsPath(options.env);
  return writeFileAtomic(target, renderJson(token, options.now), { what: WHAT });
}
