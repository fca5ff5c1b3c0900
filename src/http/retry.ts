import { setTimeout as delay } from 'node:timers/promises';
import { protocolError, unavailableError } from '../core/errors.ts';
import { ConnectionError, isConnectionError } from './connection-error.ts';
import { bodyExcerpt } from './json-body.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { RequestPolicy, TransportOptions } from './types.ts';
import { capitalise } from './wording.ts';

const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_AFTER_CAP_SECONDS = 60;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 10_000;

/**
 * Calls `send` until it gets an answer worth returning. `send` rebuilds the request each
 * time (a fresh signed assertion, a fresh CI token), so it receives the attempt number.
 *
 * Retried: 429, 5xx, and connection errors marked retryable — never 4xx otherwise, since a
 * bad secret must fail fast, and nothing at all when `policy.retryable` is false.
 * Returned as is: 2xx and 4xx (the caller reads the OAuth error). Thrown: a 3xx (protocol,
 * exit 3), a 5xx/429 still failing after the last attempt (exit 5), a Retry-After longer than
 * we will wait (exit 5, saying when to come back). Pass the same `opts` to `createFetch`:
 * it clamps each attempt to `budgetDeadline`, and this loop never begins a wait that would
 * end past it.
 */
export async function withRetries(
  send: (attempt: number) => Promise<Response>,
  opts: TransportOptions,
  policy: RequestPolicy,
): Promise<Response> {
  const retries = policy.retryable ? Math.max(0, opts.retries ?? DEFAULT_RETRIES) : 0;
  const capMs = (opts.retryAfterCapSeconds ?? DEFAULT_RETRY_AFTER_CAP_SECONDS) * 1000;
  const sleep = opts.sleep ?? ((ms: number) => delay(ms));

  for (let attempt = 0; ; attempt++) {
    const outcome = await settle(send, attempt);
    if (outcome instanceof Response) {
      if (outcome.status >= 300 && outcome.status < 400) {
        if (policy.redirects === 'return') return outcome;
        throw redirectedError(outcome, policy.what);
      }
      if (!isRetryableStatus(outcome.status)) return outcome;
    }

    const attempts = attempt + 1;
    const retryAfterMs =
      outcome instanceof Response ? parseRetryAfter(outcome.headers.get('retry-after')) : undefined;
    if (retryAfterMs !== undefined && retryAfterMs > capMs)
      throw comeBackLater(outcome, policy.what, retryAfterMs);
    if (attempt >= retries) throw await exhausted(outcome, policy.what, attempts, retryAfterMs);

    const wait = retryAfterMs ?? Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
    if (opts.budgetDeadline !== undefined && Date.now() + wait >= opts.budgetDeadline) {
      throw await exhausted(outcome, policy.what, attempts, retryAfterMs, ' before the time budget ran out');
    }
    opts.debug?.(
      `${policy.what} ${outcome instanceof Response ? `answered HTTP ${outcome.status}` : 'failed'}; ` +
        `retrying in ${Math.round(wait)} ms (attempt ${attempts + 1} of ${retries + 1})`,
    );
    await sleep(wait);
  }
}

/** A Response, or the connection error that may be retried; anything else propagates. */
async function settle(send: (attempt: number) => Promise<Response>, attempt: number) {
  try {
    return await send(attempt);
  } catch (e) {
    if (isConnectionError(e) && e.retryable) return e;
    throw e;
  }
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** A 3xx is never followed with credentials: it becomes this protocol error, naming only the host. */
export function redirectedError(res: Response, what: string) {
  const location = res.headers.get('location');
  let host = 'a location it did not name';
  let slashOnly = false;
  if (location) {
    try {
      const from = res.url ? new URL(res.url) : undefined;
      const to = new URL(location, from);
      host = to.host;
      slashOnly = Boolean(from && to.origin === from.origin && to.pathname === `${from.pathname}/`);
    } catch {
      host = 'a location that is not a valid URL';
    }
  }
  return protocolError(
    `${capitalise(what)} redirected (HTTP ${res.status}) to another location (${host}); ` +
      'tokenrelay does not follow redirects with credentials.',
    slashOnly
      ? 'It wants the same URL with a trailing slash: configure the URL with the slash, exactly as the server spells it.'
      : 'Configure the final URL.',
  );
}

function comeBackLater(outcome: Response | ConnectionError, what: string, retryAfterMs: number) {
  const seconds = Math.ceil(retryAfterMs / 1000);
  const at = new Date(Date.now() + retryAfterMs).toISOString();
  const status = outcome instanceof Response ? ` (HTTP ${outcome.status})` : '';
  return unavailableError(
    `${capitalise(what)} asked us to retry after ${seconds} s (at ${at})${status}; try again then.`,
  );
}

async function exhausted(
  outcome: Response | ConnectionError,
  what: string,
  attempts: number,
  retryAfterMs: number | undefined,
  why = '',
) {
  if (outcome instanceof ConnectionError) {
    const tries = `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}${why}`;
    if (attempts === 1 && !why) return outcome;
    const message = `${outcome.message.replace(/\.$/, '')} (after ${tries}).`;
    return new ConnectionError(message, outcome.hint, false, outcome);
  }
  // The same answer on every attempt reads as what it is: a deterministic failure, with the
  // URL (never its query) and the start of what the server said.
  const tries = why
    ? `on ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}${why}`
    : attempts === 1
      ? 'on its only attempt'
      : `on all ${attempts} attempts`;
  const where = outcome.url ? ` (${outcome.url})` : '';
  const said = await bodyText(outcome);
  const hint =
    retryAfterMs !== undefined
      ? `It asked to retry after ${Math.ceil(retryAfterMs / 1000)} s; try again then.`
      : outcome.status === 429
        ? 'It is rate-limiting this client; try again later.'
        : 'The service may be down, or failing on this very request: check the URL (a trailing slash matters to some servers) and try again later.';
  return unavailableError(
    `${capitalise(what)}${where} answered HTTP ${outcome.status} ${tries}.${said ? ` It said: ${said}` : ''}`,
    hint,
  );
}

const TEXT_TYPE = /^(text\/|application\/(?:[\w.-]+\+)?(?:json|xml)\b)/i;

/** The first 200 characters of a text body, scrubbed, HTML tags dropped; '' for anything else. */
async function bodyText(res: Response): Promise<string> {
  const type = res.headers.get('content-type') ?? '';
  if (!TEXT_TYPE.test(type)) return '';
  const text = await res.text().catch(() => '');
  const plain = /html/i.test(type)
    ? text.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
    : text;
  return bodyExcerpt(plain);
}
