import * as oauth from 'oauth4webapi';
import { createFetch } from '../http/fetch.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { assertSendableUrl, isLoopbackHost } from '../http/url-policy.ts';

/**
 * The options every oauth4webapi request call gets: our transport as its fetch, and
 * permission for plain http only when the URL is loopback. The transport refuses
 * non-loopback http on its own; this just stops oauth4webapi refusing our test servers.
 */
export function httpOptions(url: string, transport: TransportOptions, policy: RequestPolicy) {
  const parsed = assertSendableUrl(url, policy.what);
  return {
    [oauth.customFetch]: createFetch(transport, policy),
    [oauth.allowInsecureRequests]: parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname),
  };
}
