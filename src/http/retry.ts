import { setTimeout as delay } from 'node:timers/promises';
import { protocolError, ServerBusyError, unavailableError } from '../core/errors.ts';
import { ConnectionError, isConnectionError } from './connection-error.ts';
import { bodyExcerpt } from './json-body.ts';
import { type ServerWait, serverWait } from './retry-after.ts';
import { decideRetry, type Failure, type RetryState } from './retry-policy.ts';
import type { AnswerLike, RequestPolicy, TransportOptions } from './types.ts';
import { capitalise } from './wording.ts';

const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_BUDGET_SECONDS = 90;

/**
 * Calls `send` until it gets an answer worth returning. `send` rebuilds the request each
 * time (a fresh signed assertion, a fresh CI token), so it receives the attempt number.
 *
 * Retried (see retry-policy.ts for how long to wait): 429 for as long as the retry budget
 * lasts; 5xx and connection errors marked retryable up to `retries` times — never 4xx
 * otherwise, since a bad secret must fail fast, and nothing at all when `policy.retryable`
 * is false. Returned as is: 2xx and 4xx (the caller reads the OAuth error). Thrown: a 3xx
 * (protocol, exit 3), a 5xx/429 still failing when the retries or the budget run out (exit
 * 5), a Retry-After longer than the whole budget (exit 5, saying when to come back). Pass
 * the same `opts` to `createFetch`: it clamps each attempt to `budgetDeadline`.
 */
export async function withRetries<A extends AnswerLike = Response>(
  send: (attempt: number) => Promise<A>,
  opts: TransportOptions,
  policy: RequestPolicy,
): Promise<A> {
  const retries = Math.max(0, opts.retries ?? DEFAULT_RETRIES);
  const budgetMs = policy.retryable
    ? Math.max(0, opts.retryBudgetSeconds ?? DEFAULT_RETRY_BUDGET_SECONDS) * 1000
    : 0;
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => delay(ms));
  const started = now();
  const budgetEnd = Math.min(started + budgetMs, opts.budgetDeadline ?? Infinity);
  const state: RetryState = { rateLimited: 0, failing: 0 };

  for (let attempt = 0; ; attempt++) {
    const outcome = await settle(send, attempt);
    if (!isConnectionError(outcome)) {
      if (outcome.status >= 300 && outcome.status < 400) {
        if (policy.redirects === 'return') return outcome;
        throw redirectedError(outcome, policy.what);
      }
      if (!isRetryableStatus(outcome.status)) return outcome;
    }

    const attempts = attempt + 1;
    const wait = isConnectionError(outcome) ? undefined : serverWait(outcome.headers, outcome.status, now());
    const retryAfterMs = wait?.ms;
    const failure: Failure = {
      kind: !isConnectionError(outcome) && outcome.status === 429 ? 'rate-limited' : 'failing',
      retryAfterMs,
    };
    const decision = policy.retryable
      ? decideRetry(failure, state, { retries, budgetMs, msLeft: budgetEnd - now(), random })
      : ({ retry: false, why: 'retries' } as const);
    if (!decision.retry) {
      if (decision.why === 'too-long') throw comeBackLater(outcome, policy.what, wait!, now(), budgetMs);
      const why = decision.why === 'budget' ? ' before the time budget ran out' : '';
      throw await exhausted(outcome, policy.what, attempts, wait, now(), why);
    }
    if (failure.kind === 'rate-limited') state.rateLimited++;
    else state.failing++;
    opts.debug?.(
      `${policy.what} ${isConnectionError(outcome) ? 'failed' : `answered HTTP ${outcome.status}`}; ` +
        `retrying in ${Math.round(decision.waitMs)} ms (attempt ${attempts + 1})`,
    );
    await sleep(decision.waitMs);
  }
}

/** A Response, or the connection error that may be retried; anything else propagates. */
async function settle<A>(
  send: (attempt: number) => Promise<A>,
  attempt: number,
): Promise<A | ConnectionError> {
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
export function redirectedError(res: AnswerLike, what: string) {
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

/** A wait longer than the whole budget: no request more, and when to come back. */
function comeBackLater(
  outcome: AnswerLike | ConnectionError,
  what: string,
  wait: ServerWait,
  now: number,
  budgetMs: number,
) {
  const status = isConnectionError(outcome) ? '' : ` (HTTP ${outcome.status}, ${wait.header})`;
  return new ServerBusyError(
    `${capitalise(what)} asked us to retry after ${waitText(wait, now)}${status}; try again then.`,
    `That is longer than the retry budget (${Math.round(budgetMs / 1000)} s), so tokenrelay did not wait.`,
  );
}

const waitText = (wait: ServerWait, now: number) =>
  `${Math.ceil(wait.ms / 1000)} s (at ${new Date(now + wait.ms).toISOString()})`;

async function exhausted(
  outcome: AnswerLike | ConnectionError,
  what: string,
  attempts: number,
  wait: ServerWait | undefined,
  now: number,
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
    wait !== undefined
      ? `It asked to retry after ${waitText(wait, now)}; try again then.`
      : outcome.status === 429
        ? 'It is rate-limiting this client; try again later, or allow a longer retry-budget-seconds.'
        : 'The service may be down, or failing on this very request: check the URL (a trailing slash matters to some servers) and try again later.';
  const message = `${capitalise(what)}${where} answered HTTP ${outcome.status} ${tries}.${said ? ` It said: ${said}` : ''}`;
  return outcome.status === 429 ? new ServerBusyError(message, hint) : unavailableError(message, hint);
}

const TEXT_TYPE = /^(text\/|application\/(?:[\w.-]+\+)?(?:json|xml)\b)/i;

/** The first 200 characters of a text body, scrubbed, HTML tags dropped; '' for anything else. */
async function bodyText(res: AnswerLike): Promise<string> {
  const type = res.headers.get('content-type') ?? '';
  if (!TEXT_TYPE.test(type)) return '';
  // An HttpAnswer holds its body as bytes; a Response has to be read.
  const body: unknown = (res as { body?: unknown }).body;
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : await (res as Response).text().catch(() => '');
  const plain = /html/i.test(type)
    ? text.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
    : text;
  return bodyExcerpt(plain);
}
