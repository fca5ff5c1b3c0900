/**
 * When to try a request again, and after how long: pure arithmetic, so the policy is tested
 * with a fixed clock and a fixed random source.
 *
 * Two kinds of failed attempt are treated differently because they mean different things:
 * - "rate limited" (429) is the server working as designed and telling a crowd to spread
 *   out. It is retried for as long as the time budget allows, with no count limit, each time
 *   after the server's Retry-After plus a random share of a window that widens with every
 *   429 (full jitter). Without the jitter, a matrix of jobs told `Retry-After: 1` all come
 *   back in the same second and most of them are refused again.
 * - "failing" (5xx, a dropped or refused connection) may be an outage: a bounded number of
 *   retries (`retries`), with exponential backoff and full jitter, honouring Retry-After when
 *   a 503 sends one.
 * Nothing is retried past the budget: a wait that would end after it is not begun.
 */

export type Failure =
  | { kind: 'rate-limited'; retryAfterMs: number | undefined }
  | { kind: 'failing'; retryAfterMs: number | undefined };

export interface RetryState {
  /** 429s seen so far (before this one). */
  rateLimited: number;
  /** 5xx / connection failures seen so far (before this one). */
  failing: number;
}

export interface PolicyLimits {
  /** Most retries after 5xx/connection failures. */
  retries: number;
  /** Milliseconds from now until the budget ends (may be Infinity). */
  msLeft: number;
  /** The whole budget in milliseconds, to tell "never" from "not any more". */
  budgetMs: number;
  /** A number in [0, 1). */
  random: () => number;
}

export type Decision =
  | { retry: true; waitMs: number }
  | {
      retry: false;
      /** retries: the 5xx/connection count ran out; budget: the time did; too-long: a single Retry-After exceeds the whole budget. */
      why: 'retries' | 'budget' | 'too-long';
    };

/** The rate-limit spread starts at 4 s and grows 1.5× per 429, capped at 30 s. */
export const RATE_LIMIT_SPREAD = { baseMs: 4000, factor: 1.5, capMs: 30_000 } as const;
/** Backoff for failures: full jitter over 0.5 s, 1 s, 2 s … capped at 10 s. */
export const FAILURE_BACKOFF = { baseMs: 500, factor: 2, capMs: 10_000 } as const;

function window(spec: { baseMs: number; factor: number; capMs: number }, n: number): number {
  return Math.min(spec.capMs, spec.baseMs * spec.factor ** n);
}

export function decideRetry(failure: Failure, state: RetryState, limits: PolicyLimits): Decision {
  const floor = failure.retryAfterMs ?? 0;
  if (failure.retryAfterMs !== undefined && failure.retryAfterMs > limits.budgetMs) {
    return { retry: false, why: 'too-long' };
  }
  if (failure.kind === 'failing' && state.failing >= limits.retries) return { retry: false, why: 'retries' };
  if (floor >= limits.msLeft) return { retry: false, why: 'budget' };

  const spread =
    failure.kind === 'rate-limited'
      ? window(RATE_LIMIT_SPREAD, state.rateLimited)
      : window(FAILURE_BACKOFF, state.failing);
  // The jitter is kept inside the budget rather than refused for it: the server's own
  // Retry-After fits, so one more attempt inside the budget is worth making.
  const jitter = limits.random() * Math.min(spread, limits.msLeft - floor);
  const waitMs = floor + jitter;
  if (waitMs >= limits.msLeft) return { retry: false, why: 'budget' };
  return { retry: true, waitMs };
}
