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

/**
 * A complete answer, buffered, without WHATWG Headers/Response: building those makes Node
 * load its fetch implementation (undici), ~20 ms and ~15 MB at start-up, which the
 * client-credentials path does not need. `createFetch` wraps it in a Response for
 * oauth4webapi; `createSend` hands it over as is.
 */
export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: AnswerHeaders;
  body: Buffer;
  /** Origin and path, without the query (see to-response.ts). */
  url: string;
}

/** The one method of WHATWG Headers the retry loop and readers need. */
export interface AnswerHeaders {
  get(name: string): string | null;
  /** Name/value pairs as received, for building a WHATWG Response when one is needed. */
  raw(): readonly string[];
}

/** What the retry loop reads from an answer: a Response and an HttpAnswer both qualify. */
export interface AnswerLike {
  status: number;
  url: string;
  headers: { get(name: string): string | null };
}

/** The transport's single attempt without WHATWG types (see HttpAnswer). */
export type SendLike = (url: string, init: Parameters<FetchLike>[1]) => Promise<HttpAnswer>;

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
