import { rmSync } from 'node:fs';
import { loadSettings } from '../app/load-settings.ts';
import type { MintedToken } from '../app/revoke-minted.ts';
import { onSecret, registerSecret, scrub } from '../core/secrets.ts';
import { type Origin, resolveSettings, type Settings } from '../core/settings.ts';
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
  const later = await laterTokens(state, runner);
  try {
    if (!state.revoke) return;
    const expiresAt = state.expiresAt ? new Date(state.expiresAt) : undefined;
    const live = (at: Date | undefined) => !at || at.getTime() > now;
    const mainLive = Boolean(state.token) && live(expiresAt);
    if (state.token && !mainLive)
      runner.info('tokenrelay: the token has already expired; nothing to revoke.');
    const laterLive = later.filter((t) => live(t.expiresAt));
    if (!mainLive && laterLive.length === 0) return;
    const settings = await postSettings(state, runner, env);
    if (!state.revocationEndpoint && !settings.revocationEndpoint) {
      const line =
        `tokenrelay: the token stays valid ${validUntil(expiresAt)}: no revocation endpoint is known ` +
        "(the server's metadata names none). Set revocation-endpoint to revoke it when the job ends.";
      runner.notice ? runner.notice(line) : runner.info(line);
      return;
    }
    // Revocation needs the same client authentication as the exchange; the heavy modules
    // load only here.
    const { revokeMinted } = await import(/* webpackMode: "eager" */ '../app/revoke-minted.ts');
    const tokens = [
      ...(mainLive && state.token
        ? [{ accessToken: state.token, method: state.method, ...(expiresAt ? { expiresAt } : {}), which: '' }]
        : []),
      ...laterLive.map((t) => ({ ...t, which: ' (minted by a later step)' })),
    ];
    for (const { which, ...token } of tokens) {
      const result = await revokeMinted(
        { ...token, revocationEndpoint: state.revocationEndpoint },
        settings,
        env,
        (l) => runner.debug(scrub(l)),
      );
      if (result.ok) runner.info(`tokenrelay: ${result.message}${which}`);
      else runner.warning(`tokenrelay: ${result.message}${which}`);
    }
  } finally {
    if (state.cacheDir && state.cacheKey) {
      const { removeEntry } = await import(/* webpackMode: "eager" */ '../store/token-cache.ts');
      await removeEntry(state.cacheDir, state.cacheKey).catch(() => {});
    }
  }
}

/**
 * The settings to revoke with: the main step's, as it saved them, and the secret it used —
 * from the step's own inputs, or from the variable it read it from. Nothing else from the
 * environment: a later step can set any TOKENRELAY_* for the rest of the job (GITHUB_ENV), and
 * an endpoint or client id from there would send this client's secret elsewhere. A main step
 * of an older version saved no settings: its inputs and environment, as before.
 */
async function postSettings(state: PostState, runner: Runner, env: PostDeps['env']): Promise<Settings> {
  const inputs = readInputs(runner);
  if (!state.settings) return loadSettings(inputs.flags, env, 'action', inputs.config);
  const secrets =
    state.secretFrom === 'env'
      ? {
          TOKENRELAY_CLIENT_SECRET: registerSecret(env.TOKENRELAY_CLIENT_SECRET),
          TOKENRELAY_PRIVATE_KEY: registerSecret(env.TOKENRELAY_PRIVATE_KEY),
        }
      : {};
  const settings = resolveSettings({
    flags: { clientSecret: inputs.flags.clientSecret, privateKey: inputs.flags.privateKey },
    env: { ...state.settings, ...secrets },
    face: 'action',
  });
  // Messages name each setting the way the main step was given it (input, variable, config key).
  for (const [key, origin] of Object.entries(state.origins ?? {}))
    if (key in settings.origins) settings.origins[key as keyof Settings['origins']] = origin as Origin;
  return settings;
}

/** Tokens the job's later steps minted under this step's settings (the job cache's entry). */
async function laterTokens(state: PostState, runner: Runner): Promise<MintedToken[]> {
  if (!state.cacheDir || !state.cacheKey) return [];
  // The cache's modules load only when the main step used a cache.
  const { readEntry } = await import(/* webpackMode: "eager" */ '../store/token-cache.ts');
  const entry = readEntry(state.cacheDir, state.cacheKey, (l) => runner.debug(scrub(l)));
  const tokens = (entry?.minted ?? []).filter((t) => t.accessToken !== state.token);
  runner.debug(`tokenrelay post: ${tokens.length} token(s) minted by later steps`);
  return tokens.map((t) => ({
    accessToken: t.accessToken,
    method: t.method,
    ...(t.expiresAt ? { expiresAt: new Date(t.expiresAt) } : {}),
  }));
}

/** "until <time>" without loading the revocation modules for a post step that will not revoke. */
function validUntil(expiresAt: Date | undefined): string {
  return expiresAt ? `until ${expiresAt.toISOString()}` : 'until it expires';
}
