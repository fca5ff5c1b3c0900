import type { Settings } from '../core/settings.ts';
import type { TransportOptions } from '../http/types.ts';
import type { CiTokenSource } from './ci-token.ts';
import { githubCiToken } from './github-oidc.ts';
import { envCiToken, fileCiToken } from './gitlab-oidc.ts';

export interface PickOptions {
  /** The `aud` to ask GitHub for (GitLab's is fixed by `id_tokens:`). */
  audience?: string;
  transport: TransportOptions;
  now?: () => number;
}

/**
 * Where the CI token comes from, most explicit first: a file; a variable that holds one
 * (a named one always wins; the default TOKENRELAY_ID_TOKEN only when set); GitHub's
 * token service inside GitHub Actions; otherwise the variable, whose absence then says
 * how to declare it.
 */
export function pickCiTokenSource(
  settings: Settings,
  env: Record<string, string | undefined>,
  opts: PickOptions,
): CiTokenSource {
  if (settings.idTokenFile) return fileCiToken(settings.idTokenFile, opts);
  const named = settings.origins.idTokenEnv !== undefined;
  if (named || env[settings.idTokenEnv]?.trim()) return envCiToken(env, settings.idTokenEnv, opts);
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL || env.GITHUB_ACTIONS === 'true') {
    return githubCiToken({ env, audience: opts.audience, transport: opts.transport, now: opts.now });
  }
  return envCiToken(env, settings.idTokenEnv, opts);
}
