import type * as oauth from 'oauth4webapi';
import { protocolError } from '../core/errors.ts';
import { assertSendableUrl } from '../http/url-policy.ts';

/** The token endpoint, or a message that says how to supply one. */
export function tokenEndpointOf(
  server: oauth.AuthorizationServer,
  setting = '--token-endpoint (TOKENRELAY_TOKEN_ENDPOINT)',
): string {
  if (typeof server.token_endpoint === 'string' && server.token_endpoint) return server.token_endpoint;
  throw protocolError(
    `The server metadata of ${server.issuer} does not name a token endpoint.`,
    `Set ${setting}.`,
  );
}

/**
 * The metadata to use when the token endpoint is configured directly (no discovery request).
 * `issuer` matters only as the audience of private_key_jwt assertions; without one, the token
 * endpoint URL stands in, which RFC 7523 §3 also accepts. Both are used exactly as given.
 */
export function serverFromTokenEndpoint(
  tokenEndpoint: string,
  issuer?: string,
  revocationEndpoint?: string,
): oauth.AuthorizationServer {
  assertSendableUrl(tokenEndpoint, 'the token endpoint');
  if (issuer) assertSendableUrl(issuer, 'the issuer');
  if (revocationEndpoint) assertSendableUrl(revocationEndpoint, 'the revocation endpoint');
  return {
    issuer: issuer || tokenEndpoint,
    token_endpoint: tokenEndpoint,
    ...(revocationEndpoint ? { revocation_endpoint: revocationEndpoint } : {}),
  };
}
