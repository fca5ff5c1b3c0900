import type * as oauth from 'oauth4webapi';
import { usageError } from '../core/errors.ts';
import { noteIssued } from '../core/issued-then-refused.ts';
import type { Token } from '../core/token.ts';
import { createSend } from '../http/fetch.ts';
import { withRetries } from '../http/retry.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { assertSendableUrl } from '../http/url-policy.ts';
import { formPost } from './form-post.ts';
import { mapOAuthError, type OAuthErrorContext } from './oauth-errors.ts';
import { tokenEndpointOf } from './token-endpoint.ts';
import { readTokenAnswer } from './token-response.ts';

/** What every grant sent to the token endpoint shares. */
export interface GrantCommon {
  server: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  scope?: string;
  audience?: string;
  /** RFC 8707 resource indicators; each is sent as its own `resource` parameter. */
  resource?: string[];
  /** Extra token-request parameters (`--param`, tenant and workspace parameters). */
  extraParams?: Record<string, string>;
  transport: TransportOptions;
  /** Extra words for error codes (see OAuthErrorContext.advise). */
  advise?: OAuthErrorContext['advise'];
  /** The settings behind this request, for messages. */
  names?: OAuthErrorContext['names'];
  /** How the client authenticates (`client_secret_basic`, …), for messages. */
  clientAuthMethod?: string;
}

/**
 * One grant at the token endpoint (RFC 8693, RFC 7523 §2.1 …) through oauth4webapi's
 * generic request. `grantParams` runs before every attempt, so a retry can carry a fresh
 * subject token; the grant's own parameters cannot be overridden by an extra one.
 */
export async function grantRequest(
  grantType: string,
  grantParams: () => Promise<Record<string, string>>,
  opts: GrantCommon,
): Promise<Token> {
  const { server, client, clientAuth, transport } = opts;
  const ctx: OAuthErrorContext = {
    what: 'the token endpoint',
    grant: grantType.replace(/^urn:ietf:params:oauth:grant-type:/, ''),
    ...(opts.scope ? { scope: opts.scope } : {}),
    ...(opts.resource?.length ? { resource: opts.resource } : {}),
    ...(opts.audience ? { audience: opts.audience } : {}),
    ...(opts.advise ? { advise: opts.advise } : {}),
    ...(opts.names ? { names: opts.names } : {}),
    ...(opts.clientAuthMethod
      ? {
          clientAuth: {
            method: opts.clientAuthMethod,
            supported: server.token_endpoint_auth_methods_supported,
          },
        }
      : {}),
  };
  const policy: RequestPolicy = { what: ctx.what, retryable: true };
  let answered: { status: number; body: Buffer } | undefined;
  try {
    const url = tokenEndpointOf(server, opts.names?.tokenEndpointSetting);
    assertSendableUrl(url, policy.what); // before grantParams fetches a CI token for nothing
    const send = createSend(transport, policy);
    const answer = await withRetries(
      async () => {
        const params = commonParams(opts, await grantParams());
        params.set('grant_type', grantType);
        return send(url, await formPost(server, client, clientAuth, params, { accept: true }));
      },
      transport,
      policy,
    );
    answered = answer;
    return await readTokenAnswer(
      answer,
      async (r, o) => {
        const lib = await import(/* webpackMode: "eager" */ 'oauth4webapi');
        return lib.processGenericTokenEndpointResponse(server, client, r, o);
      },
      ctx,
    );
  } catch (e) {
    const error = await mapOAuthError(e, ctx);
    const token = answered && answered.status < 300 ? accessTokenIn(answered.body) : undefined;
    throw token ? noteIssued(error, { accessToken: token }) : error;
  }
}

/** The access token of a success the reader refused: issued, so still live on the server. */
function accessTokenIn(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const token = (parsed as { access_token?: unknown } | null)?.access_token;
    return typeof token === 'string' && token ? token : undefined;
  } catch {
    return undefined;
  }
}

const RESERVED = new Set([
  'grant_type',
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
]);

function commonParams(opts: GrantCommon, grant: Record<string, string>): URLSearchParams {
  const params = new URLSearchParams(grant);
  if (opts.scope?.trim()) params.set('scope', opts.scope.trim().split(/\s+/).join(' '));
  if (opts.audience) params.set('audience', opts.audience);
  for (const r of opts.resource ?? []) if (r) params.append('resource', r);
  for (const [key, value] of Object.entries(opts.extraParams ?? {})) {
    if (RESERVED.has(key) || key in grant || params.has(key)) {
      throw usageError(
        `The token-request parameter ${key} cannot be set as an extra parameter: tokenrelay sets it.`,
        `Remove it from ${opts.names?.params ?? '--param'} (or from the tenant/workspace parameter names).`,
      );
    }
    params.set(key, value);
  }
  return params;
}
