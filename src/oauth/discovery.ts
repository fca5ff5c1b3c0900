import * as oauth from 'oauth4webapi';
import { protocolError } from '../core/errors.ts';
import { withRetries } from '../http/retry.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { assertSendableUrl } from '../http/url-policy.ts';
import { capitalise } from '../http/wording.ts';
import { httpOptions } from './http-options.ts';
import { describeContentType, mapOAuthError, serverText } from './oauth-errors.ts';

export { serverFromTokenEndpoint } from './token-endpoint.ts';

const WHAT = "the issuer's discovery document";

/**
 * Authorization server metadata for `issuer`: OpenID Connect Discovery first, then RFC 8414
 * (`/.well-known/oauth-authorization-server`) when the first is not there. The document must
 * name the configured issuer exactly — anything else could be a mix-up with another server.
 */
export async function discover(
  issuer: string,
  transport: TransportOptions,
): Promise<oauth.AuthorizationServer> {
  const url = assertSendableUrl(issuer, 'the issuer');
  const policy: RequestPolicy = { what: WHAT, retryable: true };
  const options = httpOptions(url.href, transport, policy);
  try {
    let res = await withRetries(
      () => oauth.discoveryRequest(url, { ...options, algorithm: 'oidc' }),
      transport,
      policy,
    );
    if (res.status >= 400 && res.status < 500) {
      await res.body?.cancel();
      res = await withRetries(
        () => oauth.discoveryRequest(url, { ...options, algorithm: 'oauth2' }),
        transport,
        policy,
      );
    }
    await checkDocument(res, url, issuer);
    return await oauth.processDiscoveryResponse(url, res);
  } catch (e) {
    throw await mapOAuthError(e, { what: WHAT });
  }
}

async function checkDocument(res: Response, url: URL, configured: string): Promise<void> {
  if (res.status !== 200) {
    throw protocolError(
      `No discovery document for ${configured} (HTTP ${res.status} at both /.well-known/openid-configuration and /.well-known/oauth-authorization-server).`,
      'Check the issuer URL, or set --token-endpoint to skip discovery.',
    );
  }
  const text = await res.clone().text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw protocolError(
      `Expected JSON from ${WHAT} (${url.host}), got ${describeContentType(res)} (HTTP ${res.status}).`,
      'Check the issuer URL, or set --token-endpoint to skip discovery.',
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw protocolError(`${capitalise(WHAT)} (${url.host}) is not a JSON object.`);
  }
  const found = (json as { issuer?: unknown }).issuer;
  if (typeof found !== 'string' || !found) {
    throw protocolError(`${capitalise(WHAT)} (${url.host}) does not name its issuer.`);
  }
  if (normalise(found) !== url.href) {
    throw protocolError(
      `The issuer in the discovery document (${serverText(found, 120)}) is not the configured issuer (${configured}).`,
      'Configure the issuer exactly as the server names itself, if that server is the one you mean.',
    );
  }
}

/** Compared the way oauth4webapi compares: as parsed URLs, so only a bare host gains a "/". */
function normalise(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}
