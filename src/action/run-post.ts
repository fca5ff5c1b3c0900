import { rmSync } from 'node:fs';
import { loadSettings } from '../app/load-settings.ts';
import { onSecret, registerSecret, scrub } from '../core/secrets.ts';
import { registerSecretEnv } from '../core/settings.ts';
import type { Runner } from '../export/runner.ts';
import { readInputs } from './inputs.ts';
import { type PostState, readMainState } from './state.ts';

export interface PostDeps {
  runner: Runner;
  env: Record<string, string | undefined>;
  now?: () => number;
}

/**
 * The post step undoes what the main step did: revokes the token it minted (unless told not
 * to, or it has expired) and deletes the files it wrote. A failure here is a warning: the
 * job's result is the job's, not ours. Always returns 0.
 */
export async function runPost({ runner, env, now = Date.now }: PostDeps): Promise<number> {
  const unsubscribe = onSecret((value) => runner.addMask(value));
  try {
    const state = readMainState(runner);
    if (!state) {
      runner.debug('tokenrelay post: the main step left no state; nothing to clean up.');
      return 0;
    }
    registerSecret(state.token);
    for (const file of state.files) {
      try {
        rmSync(file, { force: true });
        runner.info(`tokenrelay: deleted ${file}`);
      } catch (e) {
        runner.warning(
          `tokenrelay: could not delete ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
        );
      }
    }
    await revokeIfNeeded(state, runner, env, now());
  } catch (e) {
    runner.warning(`tokenrelay post step: ${scrub(e instanceof Error ? e.message : String(e))}`);
  } finally {
    unsubscribe();
  }
  return 0;
}

async function revokeIfNeeded(
  state: PostState,
  runner: Runner,
  env: PostDeps['env'],
  now: number,
): Promise<void> {
  if (!state.revoke || !state.token || !state.revocationEndpoint) return;
  if (state.expiresAt && Date.parse(state.expiresAt) <= now) {
    runner.info('tokenrelay: the token has already expired; nothing to revoke.');
    return;
  }
  const inputs = readInputs(runner);
  registerSecretEnv(env);
  const settings = loadSettings(inputs.flags, env);
  // Revocation needs the same client as the exchange; the heavy modules load only here.
  const { revokeMinted } = await import(/* webpackMode: "eager" */ '../app/revoke-minted.ts');
  const result = await revokeMinted(
    { token: state.token, revocationEndpoint: state.revocationEndpoint, method: state.method },
    settings,
    env,
    (l) => runner.debug(scrub(l)),
  );
  if (!result) {
    runner.info(
      'tokenrelay: no client id is configured to revoke with; the token stays valid until it expires.',
    );
    return;
  }
  if (result.ok) runner.info(`tokenrelay: ${result.message}`);
  else runner.warning(`tokenrelay: ${result.message}`);
}
