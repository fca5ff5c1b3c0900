import { join, resolve } from 'node:path';
import { JOB_FILE_ENV, jobFileFor } from '../app/job-settings.ts';
import { usageError } from '../core/errors.ts';
import { isInside } from '../core/inside.ts';
import { randomHex } from '../core/random-uuid.ts';
import type { Settings } from '../core/settings.ts';
import type { ResolvedToken } from '../core/token.ts';
import type { Runner } from '../export/runner.ts';
import { writeJobFile } from '../store/job-file.ts';

/**
 * Where the job file goes, when this token's settings are handed to the later steps of the job
 * (so `tokenrelay auth token`, exchange or run there ask for the same token: from the job's
 * cache while it is fresh, then minted again — by federation with a new CI token, or with
 * `keep-fresh` by the client credentials kept in the file). Nothing is written yet: the post
 * step's state, which deletes the file, is saved first (writeLaterStepsFile).
 */
export function laterStepsFilePath(
  token: ResolvedToken,
  settings: Settings,
  runner: Runner,
  env: Record<string, string | undefined>,
): string | undefined {
  if (token.method !== 'client-credentials' && token.method !== 'oidc') {
    if (settings.keepFresh)
      runner.info('tokenrelay: keep-fresh: this token was not minted here; nothing to keep.');
    return undefined;
  }
  const temp = env.RUNNER_TEMP;
  if (!temp) return undefined;
  const workspace = env.GITHUB_WORKSPACE;
  if (workspace && isInside(temp, workspace)) {
    throw usageError(
      `Refusing to keep the job's token settings in ${temp}: it is inside GITHUB_WORKSPACE, which workflows upload and cache.`,
      'Point RUNNER_TEMP outside the workspace.',
    );
  }
  return join(resolve(temp), `tokenrelay-job-${randomHex()}.json`);
}

/** Writes the job file and tells the later steps where it is (TOKENRELAY_JOB_FILE). */
export function writeLaterStepsFile(
  path: string,
  token: ResolvedToken,
  settings: Settings,
  extraParams: Record<string, string>,
  runner: Runner,
): void {
  writeJobFile(path, jobFileFor(settings, extraParams));
  runner.exportVariable(JOB_FILE_ENV, path);
  if (settings.keepFresh && token.method === 'client-credentials') {
    runner.info(
      'tokenrelay: keep-fresh: later steps can mint again; every later step of this job can read the client secret; the post step deletes it.',
    );
  }
}
