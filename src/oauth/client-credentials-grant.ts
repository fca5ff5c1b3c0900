import type * as oauth from 'oauth4webapi';
import type { Token } from '../core/token.ts';
import { type GrantCommon, grantRequest } from './grant-request.ts';

export { tokenEndpointOf } from './token-endpoint.ts';

export interface ClientCredentialsOptions extends Omit<GrantCommon, 'client'> {
  clientId: string;
  clientAuth: oauth.ClientAuth;
}

/**
 * RFC 6749 §4.4. Retried on 429/5xx/connection errors: minting another token is harmless,
 * and each attempt runs client authentication again, so a private_key_jwt retry carries a
 * fresh assertion (new jti) that the server's replay check will accept.
 */
export function clientCredentials(opts: ClientCredentialsOptions): Promise<Token> {
  const { clientId, ...common } = opts;
  return grantRequest('client_credentials', async () => ({}), { ...common, client: { client_id: clientId } });
}
