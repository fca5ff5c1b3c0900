import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepTokenFresh } from '../../src/app/keep-token-fresh.ts';
import { TokenRelayError } from '../../src/core/errors.ts';
import type { ResolvedToken } from '../../src/core/token.ts';

const token = (name: string, lifetimeMs: number): ResolvedToken => ({
  accessToken: name,
  tokenType: 'Bearer',
  expiresAt: new Date(Date.now() + lifetimeMs),
  source: 'client-credentials',
  sourceLabel: 'client credentials',
  method: 'client-credentials',
  environment: 'https://api.example.test',
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('keepTokenFresh', () => {
  it('obtains again at half the lifetime when that is inside the configured window', async () => {
    const handed: string[] = [];
    let n = 1;
    const fresh = keepTokenFresh(token('t1', 10_000), {
      obtain: async () => token(`t${++n}`, 10_000),
      onToken: async (t) => {
        handed.push(t.accessToken);
      },
      onError: () => {},
      windowSeconds: 300,
    });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(handed).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(handed).toEqual(['t2']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(handed).toEqual(['t2', 't3']);
    fresh.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(handed).toEqual(['t2', 't3']);
  });

  it('keeps the last good token after a failure, reports it, and tries again', async () => {
    const errors: string[] = [];
    const handed: string[] = [];
    let fail = true;
    const fresh = keepTokenFresh(token('t1', 8_000), {
      obtain: async () => {
        if (fail) throw new TokenRelayError('unavailable', 'server down');
        return token('t2', 8_000);
      },
      onToken: async (t) => {
        handed.push(t.accessToken);
      },
      onError: (e, current) => errors.push(`${e.message} / ${current.accessToken}`),
      windowSeconds: 300,
    });
    await vi.advanceTimersByTimeAsync(4_100);
    expect(errors).toEqual(['server down / t1']);
    fail = false;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(handed).toEqual(['t2']);
    fresh.stop();
  });

  it('never refreshes a token without an expiry', async () => {
    const obtain = vi.fn();
    const fresh = keepTokenFresh(
      { ...token('t1', 0), expiresAt: undefined },
      { obtain, onToken: async () => {}, onError: () => {}, windowSeconds: 300 },
    );
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(obtain).not.toHaveBeenCalled();
    fresh.stop();
  });

  it.each([
    ['30 days', 30 * 86_400_000],
    ['10 years', 3650 * 86_400_000],
  ])("a token living %s (past Node's timer range) is not refreshed at once, but when its time comes", async (_, lifetimeMs) => {
    const obtain = vi.fn(async () => token('t2', lifetimeMs));
    const fresh = keepTokenFresh(token('t1', lifetimeMs), {
      obtain,
      onToken: async () => {},
      onError: () => {},
      windowSeconds: 300,
    });
    // Node fires a delay past 2^31 - 1 ms after 1 ms: a day in, nothing may have been asked.
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(obtain).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(lifetimeMs - 86_400_000 - 301_000);
    expect(obtain).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(obtain).toHaveBeenCalledTimes(1);
    fresh.stop();
  });

  it('the same token again (nothing new to hand on) is asked for again after a pause, not in a loop', async () => {
    const same = token('t1', 10_000);
    const obtain = vi.fn(async () => same);
    const fresh = keepTokenFresh(same, {
      obtain,
      onToken: async () => {},
      onError: () => {},
      windowSeconds: 300,
    });
    await vi.advanceTimersByTimeAsync(5_100);
    expect(obtain).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(obtain).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(obtain).toHaveBeenCalledTimes(2);
    fresh.stop();
  });

  it('once the last token has expired, a failing refresh is retried every 30 s, not every second', async () => {
    const obtain = vi.fn(async (): Promise<ResolvedToken> => {
      throw new TokenRelayError('auth', 'The token from TOKENRELAY_TOKEN expired');
    });
    const errors: string[] = [];
    const fresh = keepTokenFresh(token('t1', 4_000), {
      obtain,
      onToken: async () => {},
      onError: (e) => errors.push(e.message),
      windowSeconds: 300,
    });
    await vi.advanceTimersByTimeAsync(10_000);
    const afterExpiry = obtain.mock.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(obtain.mock.calls.length - afterExpiry).toBeLessThanOrEqual(2);
    fresh.stop();
  });
});
