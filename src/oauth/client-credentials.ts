import * as oauth from 'oauth4webapi';
import { protocolError, usageError } from '../core/errors.ts';
import type { Token } from '../core/token.ts';
import { withRetries } from '../http/retry.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { mapOAuthError, type OAuthErrorContext } from './errors.ts';
import { httpOptions } from './http-options.ts';
import { readTokenResponse } from './token-response.ts';

export interface ClientCredentialsOptions {
  server: oauth.AuthorizationServer;
  clientId: string;
  clientAuth: oauth.ClientAuth;
  scope?: string;
  audience?: string;
  /** RFC 8707 resource indicators; each is sent as its own `resource` parameter. */
  resource?: string[];
  /** `--param k=v`: extra token request parameters for servers that want them. */
  extraParams?: Record<string, string>;
  transport: TransportOptions;
  /** Extra words for error codes (CI federation's client-assertion mode). */
  advise?: OAuthErrorContext['advise'];
}

// Set by oauth4webapi or by client authentication; an extra parameter must not override them.
const RESERVED = new Set([
  'grant_type',
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
]);

/**
 * RFC 6749 §4.4. Retried on 429/5xx/connection errors: minting another token is harmless,
 * and each attempt runs client authentication again, so a private_key_jwt retry carries a
 * fresh assertion (new jti) that the server's replay check will accept.
 */
export async function clientCredentials(opts: ClientCredentialsOptions): Promise<Token> {
  const { server, clientAuth, transport } = opts;
  const params = tokenRequestParameters(opts);
  const ctx: OAuthErrorContext = {
    what: 'the token endpoint',
    grant: 'client_credentials',
    ...(opts.scope ? { scope: opts.scope } : {}),
    ...(opts.resource?.length ? { resource: opts.resource } : {}),
    ...(opts.audience ? { audience: opts.audience } : {}),
    ...(opts.advise ? { advise: opts.advise } : {}),
  };
  const policy: RequestPolicy = { what: ctx.what, retryable: true };
  const client: oauth.Client = { client_id: opts.clientId };
  try {
    const options = httpOptions(tokenEndpointOf(server), transport, policy);
    const res = await withRetries(
      () => oauth.clientCredentialsGrantRequest(server, client, clientAuth, params, options),
      transport,
      policy,
    );
    return await readTokenResponse(
      res,
      (r, o) => oauth.processClientCredentialsResponse(server, client, r, o),
      ctx,
    );
  } catch (e) {
    throw await mapOAuthError(e, ctx);
  }
}

function tokenRequestParameters(opts: ClientCredentialsOptions): URLSearchParams {
  const params = new URLSearchParams();
  if (opts.scope?.trim()) params.set('scope', opts.scope.trim().split(/\s+/).join(' '));
  if (opts.audience) params.set('audience', opts.audience);
  for (const r of opts.resource ?? []) {
    if (r) params.append('resource', r);
  }
  for (const [key, value] of Object.entries(opts.extraParams ?? {})) {
    if (RESERVED.has(key)) {
      throw usageError(
        `--param ${key} cannot be set: tokenrelay sets it from the client configuration.`,
        'Use TOKENRELAY_CLIENT_ID / TOKENRELAY_CLIENT_SECRET / TOKENRELAY_PRIVATE_KEY instead.',
      );
    }
    if (params.has(key)) {
      throw usageError(
        `--param ${key} repeats a parameter already set by --${key}.`,
        `Use one of --param ${key}=… or --${key}.`,
      );
    }
    params.set(key, value);
  }
  return params;
}

/** The token endpoint, or a message that says how to supply one. */
export function tokenEndpointOf(server: oauth.AuthorizationServer): string {
  if (typeof server.token_endpoint === 'string' && server.token_endpoint) return server.token_endpoint;
  throw protocolError(
    `The server metadata of ${server.issuer} does not name a token endpoint.`,
    'Set --token-endpoint (TOKENRELAY_TOKEN_ENDPOINT).',
  );
}
