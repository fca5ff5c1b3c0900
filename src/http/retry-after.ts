/**
 * Retry-After in milliseconds from now, or undefined when absent or unreadable (then the
 * caller falls back to its own backoff). RFC 9110 allows delay-seconds or an HTTP date; a
 * date in the past means "now".
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse also accepts things like "5" or "2026"; only take strings shaped like a date.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
