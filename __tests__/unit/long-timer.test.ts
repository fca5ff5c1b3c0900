/**
 * Waits derived from token lifetimes outlast Node's 32-bit timer range (2^31 - 1 ms, about
 * 24.8 days), which fires a longer delay after 1 ms. The real timers are used here: a
 * TimeoutOverflowWarning or an early call is exactly what must not happen.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, setLongTimeout, sleepLong } from '../../src/core/long-timer.ts';

const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(w.name);
process.on('warning', onWarning);
afterEach(() => vi.useRealTimers());

describe('setLongTimeout', () => {
  it.each([
    ['30 days', 30 * 86_400_000],
    ['10 years', 3650 * 86_400_000],
    ['for ever', Number.POSITIVE_INFINITY],
  ])('waits %s without firing early or overflowing', async (_, ms) => {
    const fired = vi.fn();
    const timer = setLongTimeout(fired, ms);
    await new Promise((r) => setTimeout(r, 50));
    timer.clear();
    expect(fired).not.toHaveBeenCalled();
    expect(warnings).not.toContain('TimeoutOverflowWarning');
  });

  it('re-arms until the real time, read from its clock', async () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const start = Date.now();
    setLongTimeout(fired, 3 * MAX_TIMER_MS + 5);
    await vi.advanceTimersByTimeAsync(3 * MAX_TIMER_MS);
    expect(fired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(Date.now() - start).toBe(3 * MAX_TIMER_MS + 5);
  });

  it('a short delay is a plain timer; sleepLong settles after it', async () => {
    const started = Date.now();
    await sleepLong(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(19);
  });
});
