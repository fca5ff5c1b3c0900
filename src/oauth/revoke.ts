import * as oauth from 'oauth4webapi';
import { withRetries } from '../http/retry.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { httpOptions } from './http-options.ts';
import { mapOAuthError } from './oauth-errors.ts';

export interface RevokeOptions {
  server: oauth.AuthorizationServer;
  clientId: string;
  /** The client's authentication; `oauth.None()` for a public client. */
  clientAuth: oauth.ClientAuth;
  token: string;
  tokenTypeHint?: 'access_token' | 'refresh_token';
  transport: TransportOptions;
}

export interface RevokeResult {
  ok: boolean;
  /** One line for a log: what happened, never the token. */
  message: string;
}

/**
 * RFC 7009 revocation, best effort: callers (the post step, logout) warn and carry on, so
 * this never throws. Revoking twice is harmless, so it is retried like any idempotent call.
 */
export async function revokeToken(opts: RevokeOptions): Promise<RevokeResult> {
  const { server, token, transport } = opts;
  const what = 'the revocation endpoint';
  if (typeof server.revocation_endpoint !== 'string' || !server.revocation_endpoint) {
    return {
      ok: false,
      message: 'The server offers no revocation endpoint; the token stays valid until it expires.',
    };
  }
  const policy: RequestPolicy = { what, retryable: true };
  const client: oauth.Client = { client_id: opts.clientId };
  const extra = opts.tokenTypeHint ? { additionalParameters: { token_type_hint: opts.tokenTypeHint } } : {};
  try {
    const options = { ...httpOptions(server.revocation_endpoint, transport, policy), ...extra };
    const res = await withRetries(
      () => oauth.revocationRequest(server, client, opts.clientAuth, token, options),
      transport,
      policy,
    );
    await oauth.processRevocationResponse(res);
    return { ok: true, message: 'Token revoked.' };
  } catch (e) {
    const err = await mapOAuthError(e, { what });
    return { ok: false, message: `Could not revoke the token: ${err.describe()}` };
  }
}
