import type { Settings } from '../core/settings.ts';
import { SETTING_ROWS } from '../core/settings-table.ts';
import { type JobFile, readJobFile } from '../store/job-file.ts';

type Env = Record<string, string | undefined>;

/** The variable the Action exports (GITHUB_ENV) so later steps find the job file. */
export const JOB_FILE_ENV = 'TOKENRELAY_JOB_FILE';

/**
 * Not handed on: the profile (its values are, resolved), the opt-in itself, and the secrets —
 * those only with keep-fresh, below. The cache directory is, so later steps find the cache.
 */
const NOT_HANDED_ON = new Set(['profile', 'keepFresh', 'clientSecret', 'privateKey']);

/**
 * What the Action hands its job's later steps: the minting settings as they were resolved
 * (inputs, env and config together), so `tokenrelay auth token` in a `run:` step asks for the
 * same token — and finds it in the job's cache. The secret only when the workflow opted in.
 */
export function jobFileFor(settings: Settings, extraParams: Record<string, string>): JobFile {
  const values: Record<string, string> = {};
  for (const [key, spec] of SETTING_ROWS) {
    // Defaults stay defaults: a later step given one as a variable would read it as chosen.
    if (!spec.env || NOT_HANDED_ON.has(key) || settings.origins[key] === undefined) continue;
    const value = settings[key as keyof Settings];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (typeof value === 'string' || typeof value === 'number') values[spec.env] = String(value);
    else if (Array.isArray(value)) values[spec.env] = value.join(' ');
  }
  if (settings.keepFresh) {
    if (settings.clientSecret) values.TOKENRELAY_CLIENT_SECRET = settings.clientSecret;
    if (settings.privateKey) values.TOKENRELAY_PRIVATE_KEY = settings.privateKey;
  }
  return { version: 1, settings: values, extraParams, keepFresh: settings.keepFresh };
}

/**
 * The job file a later step finds through TOKENRELAY_JOB_FILE, if any: a whole identity,
 * handed to the settings (`resolveSettings`' job layer), which use it only when the step's own
 * settings name no other server or client id — and then its extra parameters with it.
 */
export function jobFileFromEnv(env: Env, warn: (line: string) => void): JobFile | undefined {
  const path = env[JOB_FILE_ENV];
  return path ? readJobFile(path, warn) : undefined;
}
