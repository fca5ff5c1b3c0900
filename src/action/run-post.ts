import { rmSync } from 'node:fs';
import { loadSettings } from '../app/load-settings.ts';
import { revokeMinted } from '../app/revoke-minted.ts';
import { onSecret, registerSecret, scrub } from '../core/secrets.ts';
import type { Runner } from '../export/runner.ts';
import { type MintedRecord, readEntry, removeEntry } from '../store/token-cache.ts';
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
  const later = laterTokens(state, runner, now);
  try {
    if (!state.revoke || !state.revocationEndpoint) return;
    const live = (t: MintedRecord) => !t.expiresAt || Date.parse(t.expiresAt) > now;
    const main = state.token
      ? { accessToken: state.token, expiresAt: state.expiresAt, method: state.method ?? '' }
      : undefined;
    if (main && !live(main)) runner.info('tokenrelay: the token has already expired; nothing to revoke.');
    const tokens = [...(main && live(main) ? [main] : []), ...later.filter(live)];
    if (tokens.length === 0) return;
    const inputs = readInputs(runner);
    const settings = loadSettings(inputs.flags, env, inputs.config);
    for (const token of tokens) {
      const result = await revokeMinted(
        { ...token, revocationEndpoint: state.revocationEndpoint },
        settings,
        env,
        (l) => runner.debug(scrub(l)),
      );
      const which = token === main ? '' : ' (minted by a later step)';
      if (!result) {
        runner.info(
          `tokenrelay: no client id is configured to revoke with; the token${which} stays valid until it expires.`,
        );
      } else if (result.ok) runner.info(`tokenrelay: ${result.message}${which}`);
      else runner.warning(`tokenrelay: ${result.message}${which}`);
    }
  } finally {
    if (state.cacheDir && state.cacheKey) await removeEntry(state.cacheDir, state.cacheKey).catch(() => {});
  }
}

/** Tokens the job's later steps minted under this step's settings (the job cache's entry). */
function laterTokens(state: PostState, runner: Runner, now: number): MintedRecord[] {
  if (!state.cacheDir || !state.cacheKey) return [];
  const entry = readEntry(state.cacheDir, state.cacheKey, (l) => runner.debug(scrub(l)));
  const tokens = (entry?.minted ?? []).filter((t) => t.accessToken !== state.token);
  runner.debug(
    `tokenrelay post: ${tokens.length} token(s) minted by later steps at ${new Date(now).toISOString()}`,
  );
  return tokens;
}
