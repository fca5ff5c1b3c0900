/**
 * Node holds a timer's delay in 32 bits: anything past 2^31 - 1 ms (about 24.8 days) fires
 * after 1 ms instead, with only a TimeoutOverflowWarning. Servers send 30-day and "10-year"
 * token lifetimes, so every wait derived from one goes through here: it waits at most the
 * limit in one go and re-arms until the real time has come.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimer {
  clear(): void;
}

/** setTimeout for any delay (Infinity waits for ever); the time is read from `now`, so a suspended machine still fires on time. */
export function setLongTimeout(fn: () => void, delayMs: number, now: () => number = Date.now): LongTimer {
  const at = now() + (Number.isNaN(delayMs) ? 0 : Math.max(0, delayMs));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const left = at - now();
    timer = setTimeout(left > MAX_TIMER_MS ? arm : fn, Math.max(0, Math.min(left, MAX_TIMER_MS)));
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}

/** A promise that settles after `ms`, however long that is. */
export function sleepLong(ms: number, now: () => number = Date.now): Promise<void> {
  return new Promise((resolve) => setLongTimeout(resolve, ms, now));
}
