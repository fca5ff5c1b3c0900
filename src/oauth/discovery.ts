import type * as oauth from 'oauth4webapi';
import { protocolError } from '../core/errors.ts';
import { getFollowingRedirects, printable } from '../http/follow-redirects.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { assertSendableUrl } from '../http/url-policy.ts';
import { capitalise } from '../http/wording.ts';
import { describeContentType, mapOAuthError, serverText } from './oauth-errors.ts';

export { serverFromTokenEndpoint } from './token-endpoint.ts';

const WHAT = "the issuer's discovery document";

/** How messages name the settings a user would change (as they gave them). */
export interface DiscoveryNames {
  issuer?: string;
  tokenEndpoint?: string;
}

/**
 * Authorization server metadata for `issuer`: OpenID Connect Discovery
 * (`<issuer>/.well-known/openid-configuration`) first, then RFC 8414
 * (`<origin>/.well-known/oauth-authorization-server<path>`), then — for an issuer with a path —
 * the RFC 8414 name appended to the issuer (`<issuer>/.well-known/oauth-authorization-server`),
 * where frameworks that mount the server under a path serve it.
 * The document must name the configured issuer (RFC 8414 §3.3) — anything else could be a
 * mix-up with another server — except for a trailing slash, which servers and their users
 * disagree on (Auth0's issuers end in one, Django's do not): then the document's spelling is used.
 */
export async function discover(
  issuer: string,
  transport: TransportOptions,
  names: DiscoveryNames = {},
): Promise<oauth.AuthorizationServer> {
  const url = assertSendableUrl(issuer, 'the issuer');
  const policy: RequestPolicy = { what: WHAT, retryable: true };
  const tried: string[] = [];
  try {
    for (const candidate of wellKnownUrls(url)) {
      const { response, asked } = await getFollowingRedirects(candidate, transport, policy);
      if (response.status >= 400 && response.status < 500) {
        await response.body?.cancel();
        tried.push(`${printable(candidate)} (HTTP ${response.status}${via(asked)})`);
        continue;
      }
      return await readDocument(response, asked.at(-1)!, issuer, names);
    }
  } catch (e) {
    throw await mapOAuthError(e, { what: WHAT });
  }
  throw protocolError(
    `No discovery document for the issuer ${issuer}. Tried ${tried.join('; ')}.`,
    `Check ${names.issuer ?? 'the issuer URL'}, or set ${names.tokenEndpoint ?? '--token-endpoint'} to skip discovery.`,
  );
}

/**
 * The places metadata lives, built the way each specification builds them, then the appended
 * form servers use in practice; at a bare origin the last two are one URL, asked once.
 */
function wellKnownUrls(issuer: URL): URL[] {
  const path = issuer.pathname.replace(/\/+$/, '');
  const at = (pathname: string) => {
    const url = new URL(issuer.href);
    url.pathname = pathname;
    return url;
  };
  const urls = [
    at(`${path}/.well-known/openid-configuration`),
    at(`/.well-known/oauth-authorization-server${path}`),
  ];
  if (path) urls.push(at(`${path}/.well-known/oauth-authorization-server`));
  return urls;
}

const via = (asked: string[]) => (asked.length > 1 ? ` at ${asked.at(-1)}` : '');

async function readDocument(
  res: Response,
  at: string,
  configured: string,
  names: DiscoveryNames,
): Promise<oauth.AuthorizationServer> {
  const hint = `Check ${names.issuer ?? 'the issuer URL'}, or set ${names.tokenEndpoint ?? '--token-endpoint'} to skip discovery.`;
  if (res.status !== 200) {
    await res.body?.cancel();
    throw protocolError(`${capitalise(WHAT)} (${at}) answered HTTP ${res.status}.`, hint);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw protocolError(
      `Expected JSON from ${WHAT} (${at}), got ${describeContentType(res)} (HTTP ${res.status}).`,
      hint,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw protocolError(`${capitalise(WHAT)} (${at}) is not a JSON object.`);
  }
  const found = (json as { issuer?: unknown }).issuer;
  if (typeof found !== 'string' || !found) {
    throw protocolError(`${capitalise(WHAT)} (${at}) does not name its issuer.`);
  }
  if (!sameIssuer(found, configured)) {
    throw protocolError(
      `The issuer in the discovery document (${serverText(found, 120)}) is not the configured issuer (${configured}).`,
      'Configure the issuer exactly as the server names itself, if that server is the one you mean.',
    );
  }
  // The document's own spelling from here on: it is what tokens and responses will carry.
  return { ...(json as oauth.AuthorizationServer), issuer: found };
}

/**
 * Exact comparison of parsed URLs (so only a bare host gains a "/", as in oauth4webapi),
 * forgiving a trailing slash and nothing else.
 */
function sameIssuer(found: string, configured: string): boolean {
  const a = parsed(found);
  const b = parsed(configured);
  return a === b || a.replace(/\/$/, '') === b.replace(/\/$/, '');
}

function parsed(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}
