import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDirFor } from '../app/cache-dir.ts';
import { missingClientCredentials } from '../app/chain.ts';
import { loadSettings } from '../app/load-settings.ts';
import { obtainToken } from '../app/obtain.ts';
import { endpointNotice } from '../core/endpoint-notice.ts';
import { ExitCode, NotAuthenticatedError, toTokenRelayError, usageError } from '../core/errors.ts';
import { onSecret, scrub } from '../core/secrets.ts';
import { identityLines, registerSecretEnv, type Settings } from '../core/settings.ts';
import { validateEnvName } from '../export/env-name.ts';
import type { Runner } from '../export/runner.ts';
import { escapeCell } from '../export/summary.ts';
import { exportForAction, postStateFor } from './export-action.ts';
import { readInputs } from './inputs.ts';
import { CLI_DIR_NAME, installCli } from './install-cli.ts';
import { laterStepsFilePath, writeLaterStepsFile } from './later-steps.ts';
import { saveMainState } from './state.ts';

export interface MainDeps {
  runner: Runner;
  env: Record<string, string | undefined>;
  /** The CLI bundle shipped beside the action's main bundle, for `install-cli`. */
  cliBundle: string;
}

/** The Action's main step. Returns the exit code; never throws. */
export async function runMain({ runner, env, cliBundle }: MainDeps): Promise<number> {
  // Masking is wired before a single input is read: every secret registered from here on
  // reaches the runner as ::add-mask:: before it can appear anywhere else.
  const unsubscribe = onSecret((value) => runner.addMask(value));
  try {
    const inputs = readInputs(runner);
    if (inputs.config === 'none' && env.TOKENRELAY_PROFILE?.trim()) {
      throw usageError(
        'TOKENRELAY_PROFILE is set, but the Action reads a config file only when its profile or config-file input asks.',
        `Give the profile as an input (profile: ${env.TOKENRELAY_PROFILE.trim()}), or unset TOKENRELAY_PROFILE.`,
      );
    }
    // Before anything is minted or handed on: a refused name costs no token and leaves no file.
    if (inputs.envName) validateEnvName(inputs.envName);
    registerSecretEnv(env);
    const settings = await loadSettings(inputs.flags, env, 'action', inputs.config);
    if (inputs.method === 'oidc' && !settings.federation) {
      // Said once, here, so the job's later steps and its cache key see the same mode.
      settings.federation = 'token-exchange';
      settings.origins.federation = 'flag';
    }
    const warn = (line: string) => runner.warning(`tokenrelay: ${scrub(line)}`);
    const cacheDir = cacheDirFor(settings, env);
    const debug = (line: string) => runner.debug(scrub(line));
    // Which layer named the server and the client (inputs, variables, the profile), and what was set aside.
    for (const line of identityLines(settings)) debug(line);
    if (settings.identity?.warning) warn(settings.identity.warning);
    const endpoint = endpointNotice(settings);
    if (endpoint.info) runner.info(`tokenrelay: ${endpoint.info}`);
    if (endpoint.warning) runner.warning(endpoint.warning);
    const obtaining = obtainToken({
      settings,
      env,
      token: inputs.token,
      // The Action's own word for it: the log says `token from input token`, not a CLI flag.
      tokenLabel: 'input token',
      method: inputs.method,
      validate: inputs.validate,
      collaborators: {
        extraParams: inputs.extraParams,
        ...(cacheDir ? { cache: { dir: cacheDir, write: true, warn } } : {}),
      },
      debug,
      warn,
    }).catch((e) => {
      throw explainMissing(e, settings, inputs.method);
    });
    // The CLI for later steps does not depend on the token: while a token request is in
    // flight (one turn of the event loop puts it on its way first), it is put in place in time
    // the step would otherwise spend waiting for the server, whatever the server then answers.
    // A run that settled at once (a given or cached token, missing inputs) installs it at the
    // end, only on success.
    let settled = false;
    obtaining.then(
      () => (settled = true),
      () => (settled = true),
    );
    let installed = false;
    let installFailure: unknown;
    if (inputs.installCli) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!settled) {
        try {
          installCli({ runner, env, bundle: cliBundle });
          installed = true;
        } catch (e) {
          installFailure = e;
        }
      }
    }
    const token = await obtaining;
    // The cache's modules load only when there is a cache (cache-dir: off has none).
    const cache = cacheDir ? await import(/* webpackMode: "eager" */ '../app/token-cache.ts') : undefined;
    const key = cache?.cacheKey(token.source, settings, env, inputs.extraParams);
    let jobFile: string | undefined;
    try {
      if (installFailure) throw installFailure;
      jobFile = laterStepsFilePath(token, settings, runner, env);
      if (jobFile) {
        // The post step's state first: the file may hold the client secret (keep-fresh), and a
        // step that fails after writing it must still leave the post step what deletes it.
        const cached = cacheDir && key ? { cache: { dir: cacheDir, key } } : {};
        saveMainState(runner, postStateFor(token, { inputs, settings, files: [jobFile], ...cached }));
        writeLaterStepsFile(jobFile, token, settings, inputs.extraParams, runner);
      }
      await exportForAction(token, {
        runner,
        env,
        inputs,
        settings,
        files: jobFile ? [jobFile] : [],
        ...(cacheDir ? { cache: { dir: cacheDir, key } } : {}),
      });
    } catch (e) {
      // Later steps of a failed step get nothing from it; the post step deletes it too, if this fails.
      try {
        if (jobFile) rmSync(jobFile, { force: true });
      } catch {
        // The post step's state names it: it tries again.
      }
      // A token from the job's cache belongs to the job's other steps: not ours to take back.
      if (token.cached) throw e;
      // Outputs may be half written; the token must not outlive a step that failed, nor stay cached.
      if (cacheDir && key) {
        const { removeEntry } = await import(/* webpackMode: "eager" */ '../store/token-cache.ts');
        await removeEntry(cacheDir, key).catch(() => {});
      }
      const { failAfterMinting } = await import(/* webpackMode: "eager" */ '../app/revoke-minted.ts');
      throw await failAfterMinting(e, token, settings, env, debug);
    }
    const cliDir =
      inputs.installCli && !installed ? installCli({ runner, env, bundle: cliBundle }) : undefined;
    if (inputs.credentialHelpers.length) {
      const { configureCredentialHelpers } = await import(
        /* webpackMode: "eager" */ './credential-helpers.ts'
      );
      const dir = cliDir ?? join(env.RUNNER_TEMP ?? '', CLI_DIR_NAME);
      for (const line of configureCredentialHelpers(inputs.credentialHelpers, { runner, env, cliDir: dir }))
        runner.info(`tokenrelay: credential-helpers: ${line}`);
    }
    // Kept with the run: which endpoint the client credentials went to, when it was not the issuer's own.
    for (const note of [endpoint.info, endpoint.warning]) {
      try {
        if (note) runner.appendSummary(`\n> ${escapeCell(note)}\n`);
      } catch {
        // The job summary is a courtesy; the same lines are in the log above.
      }
    }
    return ExitCode.ok;
  } catch (e) {
    const error = toTokenRelayError(e);
    runner.error(scrub(error.describe()), { title: `tokenrelay (exit ${error.exitCode})` });
    return error.exitCode;
  } finally {
    unsubscribe();
  }
}

const INPUT_WORDS = {
  'client-id': 'client-id',
  'secret-or-key': 'client-secret or private-key',
  server: 'issuer or token-endpoint',
} as const;

/** In a workflow "not authenticated" means the step is missing inputs: say which (exit 2). */
function explainMissing(e: unknown, s: Settings, method: string): unknown {
  const missing = missingClientCredentials(s).map((piece) => INPUT_WORDS[piece]);
  if (!(e instanceof NotAuthenticatedError) || missing.length === 0) return e;
  return usageError(
    `No token and no complete client credentials (method: ${method}). Missing: ${missing.join(', ')}.`,
    'Give `token` (an API key or PAT), or client-id with client-secret/private-key and issuer/token-endpoint, or `federation` with issuer/token-endpoint for keyless CI (method: oidc).',
  );
}
