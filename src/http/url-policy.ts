import { usageError } from '../core/errors.ts';
import { isLoopbackHost } from '../core/loopback.ts';

export { isLoopbackHost };

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
