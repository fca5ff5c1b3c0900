import { describe, expect, it } from 'vitest';
import type { TokenRelayError } from '../../src/core/errors.ts';
import { ConnectionError, withRetries } from '../../src/http/index.ts';
import { decideRetry, type PolicyLimits } from '../../src/http/retry-policy.ts';

// The retry policy on a virtual clock with a seeded random source: deterministic, no sleeping.

const policy = { what: 'the token endpoint', retryable: true };
const fresh = { rateLimited: 0, failing: 0 };
const limits = (over: Partial<PolicyLimits> = {}): PolicyLimits => ({
  retries: 3,
  budgetMs: 90_000,
  msLeft: 90_000,
  random: () => 0.5,
  ...over,
});
const rateLimited = (retryAfterMs?: number) => ({ kind: 'rate-limited' as const, retryAfterMs });
const failing = (retryAfterMs?: number) => ({ kind: 'failing' as const, retryAfterMs });

/** A clock that only moves when someone sleeps: timers fire in order, each after the work it unblocks. */
function virtualClock() {
  let t = 0;
  const timers: { at: number; seq: number; wake: () => void }[] = [];
  let seq = 0;
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((wake) => timers.push({ at: t + ms, seq: seq++, wake })),
    /** Runs until every pending promise has settled and no timer is left. */
    async drain() {
      for (;;) {
        await new Promise((r) => setImmediate(r));
        if (!timers.length) return;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift()!;
        t = next.at;
        next.wake();
      }
    },
  };
}

/** Park–Miller: the same sequence every run. */
function seeded(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/** A `send` that always answers `code`, counting its calls. */
function always(code: number, retryAfter?: string) {
  const counted = {
    calls: 0,
    send: async () => {
      counted.calls++;
      return status(code, retryAfter);
    },
  };
  return counted;
}

const status = (code: number, retryAfter?: string) =>
  new Response(null, { status: code, headers: retryAfter ? { 'retry-after': retryAfter } : {} });

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as TokenRelayError,
  );

describe('decideRetry', () => {
  it("waits a 429's Retry-After plus a share of a 4 s window that grows 1.5× per 429, up to 30 s", () => {
    const at = (rateLimitedSoFar: number, random: number) =>
      decideRetry(
        rateLimited(1000),
        { ...fresh, rateLimited: rateLimitedSoFar },
        limits({ random: () => random }),
      );
    expect(at(0, 0)).toEqual({ retry: true, waitMs: 1000 });
    expect(at(0, 0.5)).toEqual({ retry: true, waitMs: 3000 });
    expect(at(2, 0.5)).toEqual({ retry: true, waitMs: 1000 + 0.5 * 9000 });
    expect(at(20, 0.5)).toEqual({ retry: true, waitMs: 1000 + 0.5 * 30_000 });
  });

  it('never counts 429s against `retries`: only the budget ends them', () => {
    const d = decideRetry(rateLimited(1000), { rateLimited: 40, failing: 0 }, limits({ retries: 0 }));
    expect(d.retry).toBe(true);
  });

  it('bounds 5xx and connection failures by count, with backoff over 0.5 s doubling to 10 s', () => {
    const at = (failingSoFar: number) =>
      decideRetry(failing(), { ...fresh, failing: failingSoFar }, limits({ retries: 10, random: () => 1 }));
    expect([0, 1, 2, 5, 6].map((n) => (at(n) as { waitMs: number }).waitMs)).toEqual([
      500, 1000, 2000, 10_000, 10_000,
    ]);
    expect(decideRetry(failing(), { ...fresh, failing: 3 }, limits())).toEqual({
      retry: false,
      why: 'retries',
    });
  });

  it("honours a 503's Retry-After as the least wait", () => {
    expect(decideRetry(failing(7000), fresh, limits({ random: () => 0 }))).toEqual({
      retry: true,
      waitMs: 7000,
    });
  });

  it('refuses a Retry-After longer than the whole budget at once, and one past what is left as spent', () => {
    expect(decideRetry(rateLimited(91_000), fresh, limits())).toEqual({ retry: false, why: 'too-long' });
    expect(decideRetry(rateLimited(5000), fresh, limits({ msLeft: 4000 }))).toEqual({
      retry: false,
      why: 'budget',
    });
  });

  it('keeps the jitter inside what is left of the budget', () => {
    const d = decideRetry(rateLimited(1000), fresh, limits({ msLeft: 2000, random: () => 0.99 }));
    expect(d).toEqual({ retry: true, waitMs: 1000 + 0.99 * 1000 });
  });

  it('a budget of 0 never retries', () => {
    const zero = limits({ budgetMs: 0, msLeft: 0 });
    expect(decideRetry(rateLimited(), fresh, zero).retry).toBe(false);
    expect(decideRetry(failing(), fresh, zero).retry).toBe(false);
  });
});

describe('withRetries under a rate limit (virtual clock)', () => {
  it('keeps honouring Retry-After past the old fixed 3 retries while the budget lasts', async () => {
    const clock = virtualClock();
    let calls = 0;
    const send = async () => (++calls <= 10 ? status(429, '1') : status(200));
    const result = withRetries(send, { ...clock, random: seeded(7) }, policy);
    await clock.drain();
    expect((await result).status).toBe(200);
    expect(calls).toBe(11);
    expect(clock.now()).toBeLessThan(90_000);
  });

  it('stops at the budget with exit 5, having waited no longer than it', async () => {
    const clock = virtualClock();
    const counted = always(429, '1');
    const { send } = counted;
    const result = rejection(
      withRetries(send, { ...clock, random: seeded(3), retryBudgetSeconds: 20 }, policy),
    );
    await clock.drain();
    const err = await result;
    expect(err?.exitCode).toBe(5);
    expect(err?.message).toMatch(/answered HTTP 429 on \d+ attempts before the time budget ran out/);
    expect(clock.now()).toBeLessThanOrEqual(20_000);
    expect(counted.calls).toBeGreaterThan(4);
  });

  it('a 5xx storm still ends after `retries`, however long the budget', async () => {
    const clock = virtualClock();
    const counted = always(503, '1');
    const { send } = counted;
    const result = rejection(withRetries(send, { ...clock, random: seeded(5), retries: 2 }, policy));
    await clock.drain();
    expect((await result)?.message).toMatch(/HTTP 503 on all 3 attempts/);
    expect(counted.calls).toBe(3);
  });

  it('a connection failure counts as a failure too', async () => {
    const clock = virtualClock();
    let calls = 0;
    const send = async (): Promise<Response> => {
      calls++;
      throw new ConnectionError('Could not connect: refused.', undefined, true);
    };
    const result = rejection(withRetries(send, { ...clock, random: seeded(5), retries: 1 }, policy));
    await clock.drain();
    expect((await result)?.message).toBe('Could not connect: refused (after 2 attempts).');
    expect(calls).toBe(2);
  });

  it.each([400, 401])('HTTP %d is returned after one attempt, budget or not', async (code) => {
    const clock = virtualClock();
    const counted = always(code);
    const { send } = counted;
    const result = withRetries(send, { ...clock, retryBudgetSeconds: 3600 }, policy);
    await clock.drain();
    expect((await result).status).toBe(code);
    expect(counted.calls).toBe(1);
  });

  /**
   * The herd: 200 clients at once against a limiter admitting 20 per second (a bucket of
   * 20, refilled continuously), which answers the rest 429 with Retry-After: 1. With the
   * jitter every client gets through in well under a minute for fewer than 3× the minimum
   * requests; without it (random() always 0) they come back together and most are refused
   * again, every second.
   */
  async function herd(random: () => number) {
    const clock = virtualClock();
    let tokens = 20;
    let last = 0;
    let requests = 0;
    const send = async () => {
      requests++;
      tokens = Math.min(20, tokens + ((clock.now() - last) / 1000) * 20);
      last = clock.now();
      if (tokens < 1) return status(429, '1');
      tokens -= 1;
      return status(200);
    };
    const done: number[] = [];
    const runs = Array.from({ length: 200 }, () =>
      withRetries(send, { now: clock.now, sleep: clock.sleep, random }, policy).then((r) => {
        done.push(clock.now());
        return r.status;
      }),
    );
    await clock.drain();
    const statuses = await Promise.all(runs);
    done.sort((a, b) => a - b);
    return { statuses, requests, p95: done[189]!, last: done.at(-1)! };
  }

  it('spreads a herd of 200 so all succeed within 60 s in at most 3× 200 requests', async () => {
    const spread = await herd(seeded(42));
    expect(spread.statuses.every((s) => s === 200)).toBe(true);
    expect(spread.requests).toBeLessThanOrEqual(600);
    expect(spread.last).toBeLessThan(60_000);

    const lockstep = await herd(() => 0);
    expect(lockstep.requests).toBeGreaterThan(900);
  });
});
