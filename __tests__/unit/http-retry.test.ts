import { describe, expect, it } from 'vitest';
import { type TokenRelayError, usageError } from '../../src/core/errors.ts';
import { ConnectionError, parseRetryAfter, serverWait, withRetries } from '../../src/http/index.ts';

// The retry loop with a fake `send` handing back real Response objects: no network needed.

const policy = { what: 'the token endpoint', retryable: true };

function script(...steps: (number | Response | Error)[]) {
  const calls: number[] = [];
  const send = async (attempt: number) => {
    calls.push(attempt);
    const step = steps.shift();
    if (step === undefined) throw new Error('send called more often than scripted');
    if (step instanceof Error) throw step;
    return typeof step === 'number' ? new Response(null, { status: step }) : step;
  };
  return { send, calls };
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as TokenRelayError,
  );
const refused = (retryable = true) =>
  new ConnectionError('Could not connect: refused.', undefined, retryable);

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
  ])('%s -> %d ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([null, '', 'soon', '-5', '1.5', 'later today'])('ignores %s', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('serverWait: every header servers say "wait" with', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const wait = (headers: Record<string, string>, status = 429) =>
    serverWait(new Headers(headers), status, now);
  it.each([
    [{ 'retry-after': '7' }, 7000, 'Retry-After'],
    [{ 'x-retry-after': '60' }, 60_000, 'X-Retry-After'],
    [{ 'X-Retry-After': 'Thu, 01 Jan 2026 00:00:30 GMT' }, 30_000, 'X-Retry-After'],
    [{ ratelimit: '"default";r=0;t=42' }, 42_000, 'RateLimit'],
    [{ ratelimit: 'limit=100, remaining=0, reset=13' }, 13_000, 'RateLimit'],
    [{ 'ratelimit-reset': '9' }, 9000, 'RateLimit-Reset'],
    [{ 'x-ratelimit-reset': '25' }, 25_000, 'X-RateLimit-Reset'],
    [{ 'x-ratelimit-reset': String(now / 1000 + 45) }, 45_000, 'X-RateLimit-Reset'],
    [{ 'x-ratelimit-reset': String(now + 5000) }, 5000, 'X-RateLimit-Reset'],
    [{ 'x-ratelimit-reset': String(now / 1000 - 10) }, 0, 'X-RateLimit-Reset'],
    [{ 'retry-after': '3', 'x-ratelimit-reset': '99' }, 3000, 'Retry-After'],
  ])('%o -> %d ms from %s', (headers, ms, header) => {
    expect(wait(headers)).toEqual({ ms, header });
  });

  it('rate-limit headers count on a 429 only; Retry-After on any status', () => {
    expect(wait({ 'x-ratelimit-reset': '25', 'ratelimit-reset': '9' }, 503)).toBeUndefined();
    expect(wait({ 'x-retry-after': '4' }, 503)).toEqual({ ms: 4000, header: 'X-Retry-After' });
    expect(wait({ ratelimit: '"default";r=5' })).toBeUndefined();
  });
});

describe('withRetries', () => {
  it('backs off with full jitter, doubling up to the 10 s cap', async () => {
    const { waits, sleep } = recordingSleep();
    const { send } = script(...Array.from({ length: 8 }, () => 500), 200);
    const res = await withRetries(send, { sleep, retries: 8 }, policy);
    expect(res.status).toBe(200);
    const caps = [500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000];
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(caps[i]!);
    });
    expect(waits).toHaveLength(8);
  });

  it('retries retryable connection errors only', async () => {
    const { sleep } = recordingSleep();
    const ok = script(refused(), 200);
    expect((await withRetries(ok.send, { sleep }, policy)).status).toBe(200);
    expect(ok.calls).toEqual([0, 1]);

    const tls = script(refused(false), 200);
    expect(await rejection(withRetries(tls.send, { sleep }, policy))).toBeInstanceOf(ConnectionError);
    expect(tls.calls).toEqual([0]);
  });

  it('never retries other errors', async () => {
    const { send, calls } = script(usageError('bad'), 200);
    const err = await rejection(withRetries(send, {}, policy));
    expect(err?.kind).toBe('usage');
    expect(calls).toEqual([0]);
  });

  it('returns 4xx untouched, including 409 and 422', async () => {
    for (const status of [409, 422]) {
      const { send, calls } = script(status, 200);
      expect((await withRetries(send, {}, policy)).status).toBe(status);
      expect(calls).toEqual([0]);
    }
  });

  it('reports a connection error after the last retry with the count', async () => {
    const { sleep } = recordingSleep();
    const { send } = script(refused(), refused(), refused());
    const err = await rejection(withRetries(send, { sleep, retries: 2 }, policy));
    expect(err?.exitCode).toBe(5);
    expect(err?.message).toBe('Could not connect: refused (after 3 attempts).');
  });

  it('a redirect without Location is still a protocol error', async () => {
    const { send } = script(302);
    const err = await rejection(withRetries(send, {}, policy));
    expect(err?.exitCode).toBe(3);
    expect(err?.message).toMatch(
      /redirected \(HTTP 302\) to another location \(a location it did not name\)/,
    );
  });

  it('a Retry-After over a custom budget fails at once', async () => {
    const { waits, sleep } = recordingSleep();
    const res = new Response(null, { status: 503, headers: { 'retry-after': '11' } });
    const { send, calls } = script(res, 200);
    const err = await rejection(withRetries(send, { sleep, retryBudgetSeconds: 10 }, policy));
    expect(err?.exitCode).toBe(5);
    expect(err?.message).toMatch(
      /asked us to retry after 11 s \(at .+Z\) \(HTTP 503, Retry-After\); try again then/,
    );
    expect(calls).toEqual([0]);
    expect(waits).toEqual([]);
  });

  it('does not begin a wait that would end past the budget', async () => {
    const { waits, sleep } = recordingSleep();
    const res = new Response(null, { status: 429, headers: { 'retry-after': '5' } });
    const { send, calls } = script(res, 200);
    const err = await rejection(withRetries(send, { sleep, budgetDeadline: Date.now() + 3000 }, policy));
    expect(err?.exitCode).toBe(5);
    expect(err?.message).toMatch(/answered HTTP 429 on 1 attempt before the time budget ran out/);
    expect(err?.hint).toMatch(/retry after 5 s/);
    expect(calls).toEqual([0]);
    expect(waits).toEqual([]);
  });

  it.each([
    ['x-retry-after', '60'],
    ['ratelimit', '"default";r=0;t=60'],
    ['ratelimit-reset', '60'],
    ['x-ratelimit-reset', '60'],
  ])('a 429 with %s: %s over a 20 s budget fails at once, saying when, as a busy server (no network checklist)', async (name, value) => {
    const { waits, sleep } = recordingSleep();
    const res = new Response(null, { status: 429, headers: { [name]: value } });
    const { send, calls } = script(res, 200);
    const err = await rejection(withRetries(send, { sleep, retryBudgetSeconds: 20 }, policy));
    expect(err?.exitCode).toBe(5);
    expect(err?.name).toBe('ServerBusyError');
    expect(err?.message).toMatch(
      /asked us to retry after 60 s \(at .+Z\) \(HTTP 429, [\w-]+\); try again then/,
    );
    expect(err?.hint).toBe('That is longer than the retry budget (20 s), so tokenrelay did not wait.');
    expect(calls).toEqual([0]);
    expect(waits).toEqual([]);
  });

  it('waits what X-Retry-After says when the budget allows it', async () => {
    const { waits, sleep } = recordingSleep();
    const res = new Response(null, { status: 429, headers: { 'x-retry-after': '2' } });
    const { send } = script(res, 200);
    const ok = await withRetries(send, { sleep, random: () => 0, retryBudgetSeconds: 20 }, policy);
    expect(ok.status).toBe(200);
    expect(waits).toEqual([2000]);
  });

  it('waits when the budget allows it', async () => {
    const { waits, sleep } = recordingSleep();
    const res = new Response(null, { status: 429, headers: { 'retry-after': '1' } });
    const { send } = script(res, 200);
    const ok = await withRetries(send, { sleep, random: () => 0, budgetDeadline: Date.now() + 3000 }, policy);
    expect(ok.status).toBe(200);
    expect(waits).toEqual([1000]);
  });
});
