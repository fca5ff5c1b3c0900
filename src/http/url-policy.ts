import { usageError } from '../core/errors.ts';

/**
 * Loopback is the one place plain http is acceptable: the bytes never leave the machine.
 * `localhost` is taken on trust (the brief allows it); other names are not, because a name
 * can resolve anywhere. The WHATWG parser has already normalised `127.1`, `0x7f.0.0.1` and
 * `[0:0::1]`, so comparing the normalised forms is enough.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Checks a URL before any byte is sent to it and returns it parsed. Messages name the host
 * only: a path or query may carry a tenant, a code or a key, and errors end up in CI logs.
 */
export function assertSendableUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(
      `The URL configured for ${what} is not a valid absolute URL.`,
      'Use a full https:// URL, for example https://idp.example.com/oauth2/token.',
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw usageError(
      `Refusing to send a request to ${what} over ${parsed.protocol} Only https:// is supported.`,
      'Use https://, or http:// only for 127.0.0.1/::1.',
    );
  }
  if (parsed.username || parsed.password) {
    throw usageError(
      `Refusing to use a URL with credentials in it (user:password@) for ${what} (${parsed.host}).`,
      'Remove them from the URL and configure the client secret or token through its own setting.',
    );
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw usageError(
      `Refusing to send credentials over plain http to ${parsed.host} (${what}).`,
      'Use https://, or http:// only for 127.0.0.1/::1.',
    );
  }
  return parsed;
}
