import type * as oauth from 'oauth4webapi';
import { sessionIsOther } from '../core/identity.ts';
import { type Settings, settingName } from '../core/settings.ts';
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
  // The setting wins (it may have been set after this session was saved without one), but only
  // when the settings name this session's server and client: a refresh token goes to its own server.
  const mine = sessionIsOther(settings, session) === undefined;
  const endpoint = (mine ? settings.revocationEndpoint : undefined) ?? session.revocationEndpoint;
  if (!endpoint) {
    return {
      ok: false,
      message: `${session.issuer} names no revocation endpoint; the session stays valid on the server until it expires. Set ${settingName(settings, 'revocationEndpoint')} to revoke it.`,
    };
  }
  const server: oauth.AuthorizationServer = {
    issuer: session.issuer,
    token_endpoint: session.tokenEndpoint,
    revocation_endpoint: endpoint,
  };
  const refresh = session.refreshToken !== undefined;
  return revokeToken({
    server,
    clientId: session.clientId,
    clientAuth: await sessionClientAuth(session, settings, store, endpoint, debug),
    token: session.refreshToken ?? session.accessToken,
    tokenTypeHint: refresh ? 'refresh_token' : 'access_token',
    transport: transportOptions(settings, debug),
    // A refresh token's lifetime is the server's secret; an access token's was saved.
    ...(!refresh && session.expiresAt ? { expiresAt: new Date(session.expiresAt) } : {}),
  });
}
