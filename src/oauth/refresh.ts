import * as oauth from 'oauth4webapi';
import { TokenRelayError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { peekJson } from '../http/json-body.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import type { LoginTokens } from './authorization-code.ts';
import { httpOptions } from './http-options.ts';
import { readLoginTokens } from './login-tokens.ts';
import { mapOAuthError, type OAuthErrorContext } from './oauth-errors.ts';
import { tokenEndpointOf } from './token-endpoint.ts';

export interface RefreshOptions {
  server: oauth.AuthorizationServer;
  clientId: string;
  /** A public client (the CLI's) sends only its client_id. */
  clientAuth?: oauth.ClientAuth;
  refreshToken: string;
  transport: TransportOptions;
}

const SESSION_EXPIRED = 'Your session has expired or was revoked.';
export const LOGIN_AGAIN = "Run 'tokenrelay auth login' again.";

/**
 * RFC 6749 §6. Sent once and never retried: with rotating refresh tokens the first attempt
 * may have been honoured even if its answer was lost, and replaying the old refresh token
 * then counts as theft, which revokes the whole session. The caller persists the new
 * refresh token before using the new access token.
 */
export async function refreshTokens(opts: RefreshOptions): Promise<LoginTokens> {
  const { server } = opts;
  registerSecret(opts.refreshToken);
  const client: oauth.Client = { client_id: opts.clientId };
  const ctx: OAuthErrorContext = { what: 'the token endpoint', grant: 'refresh_token' };
  const policy: RequestPolicy = { what: ctx.what, retryable: false };
  try {
    const res = await oauth.refreshTokenGrantRequest(
      server,
      client,
      opts.clientAuth ?? oauth.None(),
      opts.refreshToken,
      httpOptions(tokenEndpointOf(server), opts.transport, policy),
    );
    const said = await peekJson(res);
    if (res.status !== 200 && said?.error === 'invalid_grant') {
      await res.body?.cancel();
      throw new TokenRelayError('auth', SESSION_EXPIRED, LOGIN_AGAIN);
    }
    return await readLoginTokens(res, (r, o) => oauth.processRefreshTokenResponse(server, client, r, o), ctx);
  } catch (e) {
    throw await mapOAuthError(e, ctx);
  }
}
