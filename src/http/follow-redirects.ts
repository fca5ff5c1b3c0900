import { protocolError } from '../core/errors.ts';
import { createFetch } from './fetch.ts';
import { withRetries } from './retry.ts';
import type { RequestPolicy, TransportOptions } from './types.ts';
import { assertSendableUrl } from './url-policy.ts';
import { capitalise } from './wording.ts';

const MAX_REDIRECTS = 3;

export interface FollowedResponse {
  response: Response;
  /** Every URL asked, first to last, without query: for messages. */
  asked: string[];
}

/**
 * A GET that carries no credentials, so a redirect can be followed — Django's APPEND_SLASH
 * sends discovery to `…/openid-configuration/` this way. Only same-origin hops are taken (a
 * different host, port or scheme could be anyone, and https -> http would drop TLS), at most
 * three. Requests with credentials never come here: withRetries refuses their redirects.
 */
export async function getFollowingRedirects(
  start: URL,
  transport: TransportOptions,
  policy: RequestPolicy,
): Promise<FollowedResponse> {
  const fetch = createFetch(transport, policy);
  const followable: RequestPolicy = { ...policy, redirects: 'return' };
  const asked: string[] = [];
  let url = start;
  for (let hop = 0; ; hop++) {
    asked.push(printable(url));
    const response = await withRetries(
      () => fetch(url.href, { method: 'GET', headers: { accept: 'application/json' } }),
      transport,
      followable,
    );
    if (response.status < 300 || response.status >= 400) return { response, asked };
    await response.body?.cancel();
    const next = nextUrl(response, url, policy.what);
    if (hop + 1 > MAX_REDIRECTS) {
      throw protocolError(
        `${capitalise(policy.what)} redirected more than ${MAX_REDIRECTS} times (${asked.join(' -> ')}).`,
        'Configure the final URL.',
      );
    }
    url = next;
  }
}

/** Where a redirect may lead: same origin only, never off https. Exported for its unit test. */
export function nextUrl(response: Response, from: URL, what: string): URL {
  const location = response.headers.get('location');
  let next: URL;
  try {
    if (!location) throw new Error('no location');
    next = new URL(location, from);
  } catch {
    throw protocolError(
      `${capitalise(what)} redirected (HTTP ${response.status}) without a usable Location.`,
      'Configure the final URL.',
    );
  }
  if (from.protocol === 'https:' && next.protocol !== 'https:') {
    throw protocolError(
      `${capitalise(what)} redirected (HTTP ${response.status}) from https to ${next.protocol}//${next.host}; tokenrelay never leaves https.`,
      'Configure the final https:// URL.',
    );
  }
  if (next.origin !== from.origin) {
    throw protocolError(
      `${capitalise(what)} redirected (HTTP ${response.status}) to another origin (${next.host}); tokenrelay follows only same-origin redirects.`,
      'Configure the final URL, if that server is the one you mean.',
    );
  }
  return assertSendableUrl(next.href, what);
}

/** Origin and path: a query is never printed. */
export function printable(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
