import type * as oauth from 'oauth4webapi';
import { protocolError } from '../core/errors.ts';
import { assertSendableUrl } from '../http/url-policy.ts';

/** The token endpoint, or a message that says how to supply one. */
export function tokenEndpointOf(server: oauth.AuthorizationServer): string {
  if (typeof server.token_endpoint === 'string' && server.token_endpoint) return server.token_endpoint;
  throw protocolError(
    `The server metadata of ${server.issuer} does not name a token endpoint.`,
    'Set --token-endpoint (TOKENRELAY_TOKEN_ENDPOINT).',
  );
}

/**
 * The metadata to use when the token endpoint is configured directly (no discovery request).
 * `issuer` matters only as the audience of private_key_jwt assertions; without one, the token
 * endpoint URL stands in, which RFC 7523 §3 also accepts.
 */
export function serverFromTokenEndpoint(tokenEndpoint: string, issuer?: string): oauth.AuthorizationServer {
  const endpoint = assertSendableUrl(tokenEndpoint, 'the token endpoint').href;
  if (issuer) assertSendableUrl(issuer, 'the issuer');
  return { issuer: issuer || endpoint, token_endpoint: endpoint };
}
