import type * as oauth from 'oauth4webapi';
import type { Settings } from '../core/settings.ts';
import { type RevokeResult, revokeToken } from '../oauth/revoke.ts';
import { transportOptions } from '../sources/configured-client.ts';
import { sessionClientAuth } from '../sources/refresh-session.ts';
import type { CredentialStore, OAuthRecord } from '../store/types.ts';

/**
 * RFC 7009 for a session being logged out, loaded only by logout. The refresh token is the one
 * that matters: revoking it ends the grant, where an access token would simply run out.
 */
export async function revokeSession(
  session: OAuthRecord,
  settings: Settings,
  store: CredentialStore,
  debug?: (line: string) => void,
): Promise<RevokeResult> {
  if (!session.revocationEndpoint) {
    return {
      ok: false,
      message: `${session.issuer} offers no revocation endpoint; the session stays valid on the server until it expires.`,
    };
  }
  const server: oauth.AuthorizationServer = {
    issuer: session.issuer,
    token_endpoint: session.tokenEndpoint,
    revocation_endpoint: session.revocationEndpoint,
  };
  const refresh = session.refreshToken !== undefined;
  return revokeToken({
    server,
    clientId: session.clientId,
    clientAuth: await sessionClientAuth(session, settings, store),
    token: session.refreshToken ?? session.accessToken,
    tokenTypeHint: refresh ? 'refresh_token' : 'access_token',
    transport: transportOptions(settings, debug),
  });
}
