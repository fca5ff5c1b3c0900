/**
 * The contract of the one transport. oauth4webapi takes `fetch` through its
 * `customFetch` option, so the transport's single attempt is a fetch-compatible
 * function; retries sit above it (`withRetries`) so each retry can rebuild its request
 * (a fresh private_key_jwt assertion, a fresh CI token).
 */

export interface TransportOptions {
  /** Deadline for one request, headers and body together. Default 30 000. */
  timeoutMs?: number;
  /** Retries after 5xx and connection errors (429s are bounded by the budget instead). Default 3. */
  retries?: number;
  /**
   * How long one request may keep retrying, from its first attempt, in seconds: no wait that
   * would end later is begun, and a Retry-After longer than this fails at once. Default 90.
   */
  retryBudgetSeconds?: number;
  /** Largest response body accepted. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Absolute time (ms since epoch) after which no new attempt starts: the command's budget. */
  budgetDeadline?: number;
  /** Injected for tests (fake clock); defaults to setTimeout-based sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Injected for tests: the clock the retry budget is measured on. Default Date.now. */
  now?: () => number;
  /** Injected for tests: the jitter's source, [0, 1). Default Math.random. */
  random?: () => number;
  /** Debug lines (already scrubbed by the transport). */
  debug?: (line: string) => void;
}

/** What a caller says about a request so the transport can decide retries and redirects. */
export interface RequestPolicy {
  /** A short name used in messages: "the token endpoint", "the profile endpoint". */
  what: string;
  /**
   * false for requests that must never be sent twice (authorization-code exchange,
   * rotating refresh). 400/401/403 are never retried regardless.
   */
  retryable: boolean;
}

/** fetch-compatible signature (what oauth4webapi's customFetch receives). */
export type FetchLike = (
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string> | Headers;
    body?: string | URLSearchParams;
    signal?: AbortSignal;
    redirect?: string;
  },
) => Promise<Response>;
