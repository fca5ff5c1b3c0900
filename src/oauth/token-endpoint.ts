import type * as oauth from 'oauth4webapi';
import { protocolError } from '../core/errors.ts';

/** The token endpoint, or a message that says how to supply one. */
export function tokenEndpointOf(server: oauth.AuthorizationServer): string {
  if (typeof server.token_endpoint === 'string' && server.token_endpoint) return server.token_endpoint;
  throw protocolError(
    `The server metadata of ${server.issuer} does not name a token endpoint.`,
    'Set --token-endpoint (TOKENRELAY_TOKEN_ENDPOINT).',
  );
}
