import { type TokenRelayError, toTokenRelayError } from '../core/errors.ts';
import { type LongTimer, setLongTimeout } from '../core/long-timer.ts';
import type { ResolvedToken } from '../core/token.ts';

export interface KeepFreshOptions {
  /** Resolves a token again, through the same chain that gave the first one. */
  obtain: () => Promise<ResolvedToken>;
  /** Hands a new token on (rewrites a file); a failure here counts as a failed refresh. */
  onToken: (token: ResolvedToken) => Promise<void>;
  /** A refresh failed; `current` is the last good token, still handed out. */
  onError: (error: TokenRelayError, current: ResolvedToken) => void;
  /** The configured refresh window (TOKENRELAY_REFRESH_WINDOW_SECONDS). */
  windowSeconds: number;
  now?: () => number;
}

export interface FreshnessHandle {
  stop(): void;
  /** Settles when the refresh in flight (if any) has finished, for a clean shutdown. */
  idle(): Promise<void>;
}

/** Never sooner than this: a server that answers with the same token must not spin us. */
const MIN_DELAY_MS = 1_000;
/** After a failure, ask again at least this often while the last token still works. */
const MAX_RETRY_MS = 30_000;

/**
 * Keeps a token fresh for as long as something uses it (a `run` child): it is obtained again
 * when it enters its refresh window — the configured window, but never more than half its
 * lifetime — and handed on. A failed refresh keeps the last good token and tries again.
 * A token without an expiry is never refreshed.
 */
export function keepTokenFresh(first: ResolvedToken, options: KeepFreshOptions): FreshnessHandle {
  const now = options.now ?? Date.now;
  let current = first;
  let obtainedAt = now();
  let timer: LongTimer | undefined;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();

  const refreshAt = (token: ResolvedToken): number | undefined => {
    if (!token.expiresAt) return undefined;
    const expires = token.expiresAt.getTime();
    const lifetimeMs = Math.max(0, expires - obtainedAt);
    const windowMs = Math.min(options.windowSeconds * 1000, lifetimeMs / 2);
    return expires - windowMs;
  };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    // A 30-day or 10-year lifetime is past Node's timer range: the long timer re-arms until then.
    timer = setLongTimeout(
      () => {
        inFlight = refresh();
      },
      Math.max(MIN_DELAY_MS, delayMs),
      now,
    );
  };

  const scheduleNext = () => {
    const at = refreshAt(current);
    if (at !== undefined) schedule(at - now());
  };

  const refresh = async () => {
    try {
      const token = await options.obtain();
      if (stopped) return;
      if (token.accessToken !== current.accessToken) {
        await options.onToken(token);
        current = token;
        obtainedAt = now();
        scheduleNext();
        return;
      }
      // The same token again (a given one, or a server that could not be reached but whose
      // token still works): nothing new until it expires, so ask again at most every
      // MAX_RETRY_MS rather than at once.
      const left = current.expiresAt ? current.expiresAt.getTime() - now() : MAX_RETRY_MS;
      schedule(Math.min(MAX_RETRY_MS, Math.max(MIN_DELAY_MS, left)));
    } catch (e) {
      if (stopped) return;
      options.onError(toTokenRelayError(e), current);
      const left = current.expiresAt ? current.expiresAt.getTime() - now() : MAX_RETRY_MS;
      // Once the last token is dead there is no hurry left: every MAX_RETRY_MS, not every second.
      schedule(left > 0 ? Math.min(MAX_RETRY_MS, Math.max(MIN_DELAY_MS, left / 4)) : MAX_RETRY_MS);
    }
  };

  scheduleNext();
  return {
    stop() {
      stopped = true;
      timer?.clear();
    },
    idle: () => inFlight,
  };
}
