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

/** How long the server asked to be left alone, and which header said so. */
export interface ServerWait {
  ms: number;
  /** As the server spelt the header's name, for the message: `Retry-After`, `X-RateLimit-Reset`. */
  header: string;
}

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * The wait a 429 (or a 503) asks for, read from every header servers use for it, first the
 * standard one: Retry-After (RFC 9110), X-Retry-After (the same, under the prefix some
 * gateways keep), and on a 429 the rate-limit headers — `RateLimit` with its `t` (reset)
 * parameter or the older `reset=` (IETF httpapi draft), `RateLimit-Reset`, and
 * `X-RateLimit-Reset`, which is delta seconds on some servers and an epoch time on others.
 */
export function serverWait(
  headers: HeaderSource,
  status: number,
  now: number = Date.now(),
): ServerWait | undefined {
  for (const header of ['Retry-After', 'X-Retry-After']) {
    const ms = parseRetryAfter(headers.get(header), now);
    if (ms !== undefined) return { ms, header };
  }
  if (status !== 429) return undefined;
  const draft = rateLimitReset(headers.get('ratelimit'));
  if (draft !== undefined) return { ms: draft * 1000, header: 'RateLimit' };
  const reset = deltaSeconds(headers.get('ratelimit-reset'));
  if (reset !== undefined) return { ms: reset * 1000, header: 'RateLimit-Reset' };
  const x = headers.get('x-ratelimit-reset')?.trim();
  if (x && /^\d+$/.test(x)) {
    const n = Number(x);
    // No rate window lasts 30 years: a number that large is an epoch time (seconds, or ms).
    const ms = n >= 1e12 ? n - now : n >= 1e9 ? n * 1000 - now : n * 1000;
    return { ms: Math.max(0, ms), header: 'X-RateLimit-Reset' };
  }
  return undefined;
}

/**
 * `"default";r=0;t=30` (draft-ietf-httpapi-ratelimit-headers 07 and later, a structured field
 * list: the first policy's `t`) or `limit=10, remaining=0, reset=30` (the earlier drafts).
 */
function rateLimitReset(value: string | null): number | undefined {
  if (!value) return undefined;
  const t = /(?:^|;)\s*t\s*=\s*(\d+)\s*(?:;|,|$)/.exec(value.split(',')[0] ?? '');
  if (t) return Number(t[1]);
  const reset = /(?:^|[,;])\s*reset\s*=\s*(\d+)\s*(?:[,;]|$)/.exec(value);
  return reset ? Number(reset[1]) : undefined;
}

function deltaSeconds(value: string | null): number | undefined {
  const text = value?.trim();
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
}
