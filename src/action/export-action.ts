import { EXPORTED_SETTINGS_ENV, JOB_TOKEN_SHA256_ENV } from '../app/job-settings.ts';
import type { Settings } from '../core/settings.ts';
import { sha256Hex } from '../core/sha256.ts';
import { identityLabel, type ResolvedToken } from '../core/token.ts';
import { exportToGitHub } from '../export/github.ts';
import type { Runner } from '../export/runner.ts';
import { settingsAsEnv } from '../export/settings-env.ts';
import type { ActionInputs } from './inputs.ts';
import { type PostState, saveMainState } from './state.ts';

export interface ActionExport {
  runner: Runner;
  env: Record<string, string | undefined>;
  inputs: ActionInputs;
  settings: Settings;
  /** Files for the post step to delete beyond the credentials file (the job file). */
  files?: string[];
  cache?: { dir: string; key?: string };
}

/**
 * What the post step needs to clean up after this step: saved before anything it must clean
 * up exists (the job file), and again, whole, once the step's files are written.
 */
export function postStateFor(
  token: ResolvedToken,
  {
    inputs,
    settings,
    files,
    cache,
  }: Pick<ActionExport, 'inputs' | 'settings' | 'cache'> & { files: string[] },
): PostState {
  const minted = token.method === 'client-credentials' || token.method === 'oidc';
  const secretOrigin = settings.origins.clientSecret ?? settings.origins.privateKey;
  // revoke without an endpoint still reaches the post step, which then says the token stays valid.
  return {
    files,
    revoke: minted && inputs.revoke,
    token: minted && inputs.revoke && token.revocationEndpoint ? token.accessToken : undefined,
    revocationEndpoint: token.revocationEndpoint,
    expiresAt: token.expiresAt?.toISOString(),
    method: token.method,
    ...(cache?.key ? { cacheDir: cache.dir, cacheKey: cache.key } : {}),
    settings: Object.fromEntries(settingsAsEnv(settings)),
    origins: { ...settings.origins },
    ...(secretOrigin ? { secretFrom: secretOrigin === 'env' ? 'env' : 'input' } : {}),
  };
}

/** Mask, then outputs, env and summary, then the credentials file, then state for the post step. */
export async function exportForAction(
  token: ResolvedToken,
  { runner, env, inputs, settings, files: more = [], cache }: ActionExport,
): Promise<void> {
  // exportToGitHub masks every secret of the token before it writes anything.
  exportToGitHub(token, { runner, envName: inputs.envName, summary: true });
  // A token exported where the CLI reads a given token is the job identity's: later steps that
  // name another server or client must tell it from one they set (laterStepSettings).
  if (inputs.envName === 'TOKENRELAY_TOKEN')
    runner.exportVariable(JOB_TOKEN_SHA256_ENV, sha256Hex(token.accessToken));
  if (inputs.exportSettings) {
    const exported = settingsAsEnv(settings);
    for (const [name, value] of exported) runner.exportVariable(name, value);
    // Which of them tokenrelay wrote: a later step naming another server sets them all aside.
    runner.exportVariable(EXPORTED_SETTINGS_ENV, JSON.stringify(Object.fromEntries(exported)));
  }
  const files: string[] = [...more];
  if (inputs.exportFile) {
    // Only when asked for: it costs start-up otherwise.
    const { writeCredentialsFile } = await import(/* webpackMode: "eager" */ '../export/credentials-file.ts');
    const path = writeCredentialsFile(token, undefined, { env });
    files.push(path);
    runner.setOutput('credentials-file', path);
  }
  saveMainState(runner, postStateFor(token, { inputs, settings, files, ...(cache ? { cache } : {}) }));
  const who = token.identity ? `, validated for ${identityLabel(token.identity)}` : '';
  runner.info(
    `tokenrelay: ${token.method} from ${token.sourceLabel}${who}` +
      (token.tenant ? `, tenant ${token.tenant}` : '') +
      (token.expiresAt ? `, expires ${token.expiresAt.toISOString()}` : ''),
  );
}
