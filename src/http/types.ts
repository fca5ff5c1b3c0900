/**
 * The contract of the one transport. oauth4webapi takes `fetch` through its
 * `customFetch` option, so the transport's single attempt is a fetch-compatible
 * function; retries sit above it (`withRetries`) so each retry can rebuild its request
 * (a fresh private_key_jwt assertion, a fresh CI token).
 */

export interface TransportOptions {
  /** Deadline for one request, headers and body together. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx and connection errors. Default 3. */
  retries?: number;
  /** Largest response body accepted. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Longest Retry-After we are willing to wait, in seconds. Default 60. */
  retryAfterCapSeconds?: number;
  /** Absolute time (ms since epoch) after which no new attempt starts: the command's budget. */
  budgetDeadline?: number;
  /** Injected for tests (fake clock); defaults to setTimeout-based sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Debug lines (already scrubbed by the transport). */
  debug?: (line: string) => void;
  /** Where the proxy variables are read; the process's environment when not given. */
  env?: Record<string, string | undefined>;
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
  /**
   * 'return' hands a 3xx back to the caller (getFollowingRedirects, for GETs without
   * credentials); by default a redirect is refused, since following it could send a secret on.
   */
  redirects?: 'refuse' | 'return';
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
