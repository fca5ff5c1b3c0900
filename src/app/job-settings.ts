import type { Settings } from '../core/settings.ts';
import { SETTING_ROWS } from '../core/settings-table.ts';
import { sha256Hex } from '../core/sha256.ts';
import { GIVEN_TOKEN_ENV } from '../core/token.ts';
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
 * Set beside the variables `export-settings` exports (name -> value, as exported): a later step
 * tells what tokenrelay wrote from what the step itself set, and the former joins the job's
 * whole identity instead of mixing with the step's own server or client.
 */
export const EXPORTED_SETTINGS_ENV = 'TOKENRELAY_EXPORTED_SETTINGS';

/**
 * Set beside a token the Action exported as TOKENRELAY_TOKEN (`env-name`): its SHA-256, so a
 * later step tells the job's token from one the step set itself. The token is the job's
 * identity's, and a step naming another server or client is not handed it.
 */
export const JOB_TOKEN_SHA256_ENV = 'TOKENRELAY_JOB_TOKEN_SHA256';

/** What a later step of the job reads: its own environment, and what the Action left for it. */
export interface LaterStepSettings {
  /** The step's own variables (the exported ones it did not change are moved to `job`). */
  env: Env;
  /** The Action's settings for this job (job file, else what export-settings exported), whole. */
  job?: Record<string, string>;
  /** The Action's `params`, for when the job's identity is used. */
  extraParams: Record<string, string>;
  /** TOKENRELAY_TOKEN holds the token the Action exported for this job (not one the step set). */
  jobToken?: boolean;
}

/**
 * The job file a later step finds through TOKENRELAY_JOB_FILE, and the variables
 * export-settings left unchanged: a whole identity, handed to the settings (`resolveSettings`'
 * job layer), which use it only when the step's own settings name no other server or client id.
 */
export function laterStepSettings(env: Env, warn: (line: string) => void): LaterStepSettings {
  const path = env[JOB_FILE_ENV];
  const file = path ? readJobFile(path, warn) : undefined;
  const exported = exportedSettings(env[EXPORTED_SETTINGS_ENV]);
  const own: Env = { ...env };
  const written: Record<string, string> = {};
  for (const [name, value] of Object.entries(exported)) {
    if (env[name] !== value) continue;
    written[name] = value;
    delete own[name];
  }
  const given = env[GIVEN_TOKEN_ENV];
  const jobToken = Boolean(
    given && env[JOB_TOKEN_SHA256_ENV] && sha256Hex(given) === env[JOB_TOKEN_SHA256_ENV],
  );
  if (!file && Object.keys(written).length === 0)
    return { env, extraParams: {}, ...(jobToken ? { jobToken } : {}) };
  return {
    env: own,
    job: { ...written, ...file?.settings },
    extraParams: file?.extraParams ?? {},
    ...(jobToken ? { jobToken } : {}),
  };
}

function exportedSettings(text: string | undefined): Record<string, string> {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (e): e is [string, string] => e[0].startsWith('TOKENRELAY_') && typeof e[1] === 'string',
      ),
    );
  } catch {
    return {};
  }
}
