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
