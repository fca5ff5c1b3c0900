import * as oauth from 'oauth4webapi';
import { protocolError, TokenRelayError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { peekJson } from '../http/json-body.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { DEVICE_GRANT_TYPE } from './device-flow.ts';
import { httpOptions } from './http-options.ts';
import { mapOAuthError, type OAuthErrorContext, serverText } from './oauth-errors.ts';

export interface RegisterOptions {
  server: oauth.AuthorizationServer;
  /** Loopback redirect URIs: one per configured port, or the port-less form (RFC 8252 §7.3). */
  redirectUris: string[];
  transport: TransportOptions;
  clientName?: string;
}

/** What a later login needs to reuse the registration; the store caches it per environment. */
export interface RegisteredClient {
  clientId: string;
  /** Only when the server insisted on a confidential client; a secret. */
  clientSecret?: string;
  clientSecretExpiresAt?: Date;
  redirectUris: string[];
}

/**
 * RFC 7591 dynamic registration of tokenrelay as a native public client (RFC 8252 §8.4: no
 * secret, since any copy of the CLI would hold it). Sent once: a retry could register two
 * clients and keep only one of them.
 */
export async function registerClient(opts: RegisterOptions): Promise<RegisteredClient> {
  const { server, transport } = opts;
  const endpoint = server.registration_endpoint;
  if (typeof endpoint !== 'string' || !endpoint) {
    throw protocolError(
      `No client id is configured, and ${server.issuer} does not offer dynamic client registration.`,
      'Set the client id of the CLI application: --client-id or TOKENRELAY_CLIENT_ID.',
    );
  }
  const ctx: OAuthErrorContext = { what: 'the registration endpoint' };
  const policy: RequestPolicy = { what: ctx.what, retryable: false };
  const grantTypes = ['authorization_code', 'refresh_token'];
  if (server.device_authorization_endpoint) grantTypes.push(DEVICE_GRANT_TYPE);
  const metadata = {
    application_type: 'native',
    client_name: opts.clientName ?? 'tokenrelay CLI',
    redirect_uris: opts.redirectUris,
    grant_types: grantTypes,
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
  try {
    const res = await oauth.dynamicClientRegistrationRequest(
      server,
      metadata,
      httpOptions(endpoint, transport, policy),
    );
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new TokenRelayError(
        'auth',
        `${server.issuer} does not allow open client registration (HTTP ${res.status}).`,
        'Ask for the client id of the CLI application and set --client-id or TOKENRELAY_CLIENT_ID.',
      );
    }
    const peek = await peekJson(res);
    if (typeof peek?.client_secret === 'string') registerSecret(peek.client_secret);
    if (typeof peek?.registration_access_token === 'string') registerSecret(peek.registration_access_token);
    const client = await oauth.processDynamicClientRegistrationResponse(res);
    const registered: RegisteredClient = {
      clientId: client.client_id,
      redirectUris: Array.isArray(client.redirect_uris)
        ? (client.redirect_uris as string[])
        : opts.redirectUris,
    };
    if (typeof client.client_secret === 'string') registered.clientSecret = client.client_secret;
    const expiresAt = client.client_secret_expires_at;
    if (typeof expiresAt === 'number' && expiresAt > 0)
      registered.clientSecretExpiresAt = new Date(expiresAt * 1000);
    if (!registered.clientId)
      throw protocolError(`${serverText(server.issuer)} registered a client without a client_id.`);
    return registered;
  } catch (e) {
    throw await mapOAuthError(e, ctx);
  }
}
