import type { Runner } from '../export/runner.ts';

/**
 * What the main step hands its post step. GITHUB_STATE is per step instance, so two uses of
 * the action in one job (two tenants) keep their state apart without any naming scheme.
 */
export interface PostState {
  files: string[];
  revoke: boolean;
  /** Only when this step minted it and revocation is on; masked, and kept in the runner's state file. */
  token?: string;
  revocationEndpoint?: string;
  expiresAt?: string;
  /** How it was minted: a federated token is revoked by the federation client (run-post). */
  method?: string;
  /** The job's token cache and the entry this step's settings mint under: its tokens are revoked too. */
  cacheDir?: string;
  cacheKey?: string;
  /**
   * The main step's settings, non-secret (TOKENRELAY_* name -> value) with where each came
   * from: the post step revokes with these and its own secret inputs, never with TOKENRELAY_*
   * variables a later step of the job could have set (GITHUB_ENV) to send the secret elsewhere.
   */
  settings?: Record<string, string>;
  origins?: Record<string, string>;
  /** Where the main step's secret came from: `env` only when it was read from TOKENRELAY_CLIENT_SECRET / _PRIVATE_KEY. */
  secretFrom?: 'input' | 'env';
}

const KEY = 'tokenrelay';

export function saveMainState(runner: Runner, state: PostState): void {
  runner.saveState(KEY, JSON.stringify(state));
}

export function readMainState(runner: Runner): PostState | undefined {
  const raw = runner.getState(KEY);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as PostState;
    return { ...parsed, files: Array.isArray(parsed.files) ? parsed.files : [] };
  } catch {
    return undefined;
  }
}
