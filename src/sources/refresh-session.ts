import * as oauth from 'oauth4webapi';
import { configuredSecretRefusal, sameUrl } from '../core/identity.ts';
import type { ResolveContext } from '../core/resolver.ts';
import type { Settings } from '../core/settings.ts';
import { clientAuthentication } from '../oauth/client-auth.ts';
import { serverFromTokenEndpoint } from '../oauth/discovery.ts';
import { refreshIdTokenAlgs } from '../oauth/id-token-algs.ts';
import { refreshTokens } from '../oauth/refresh.ts';
import type { CredentialStore, OAuthRecord } from '../store/types.ts';
import { transportOptions } from './configured-client.ts';

/**
 * The heavy half of the stored-session source, loaded only when a session needs refreshing.
 * What login kept of the metadata is used as is (the token endpoint, the ID token algorithms):
 * one request, no discovery. Called holding the environment's lock.
 */
export async function refreshSession(
  record: OAuthRecord,
  ctx: ResolveContext,
  store: CredentialStore,
  warn?: (line: string) => void,
): Promise<OAuthRecord> {
  const algs = refreshIdTokenAlgs(record.idTokenAlgs);
  const server = {
    ...serverFromTokenEndpoint(record.tokenEndpoint, record.issuer),
    ...(algs ? { id_token_signing_alg_values_supported: algs } : {}),
  };
  const { token, idTokenProblem } = await refreshTokens({
    server,
    clientId: record.clientId,
    clientAuth: await sessionClientAuth(record, ctx.settings, store, record.tokenEndpoint, ctx.debug),
    refreshToken: record.refreshToken!,
    transport: transportOptions(ctx.settings, ctx.debug),
    // The server has spent the old one: whatever fails next, the new one must be on disk. The
    // access token and its savedAt stay as they were: the refresh window is reckoned from them.
    keepRotated: (refreshToken) => store.put({ ...record, refreshToken }),
  });
  if (idTokenProblem) {
    (warn ?? ctx.debug)?.(
      `The session was refreshed, but the new ID token was not accepted (${idTokenProblem}). The session is kept, with the identity from login; if this repeats, tell whoever runs ${record.issuer}.`,
    );
  }
  const refreshed: OAuthRecord = {
    ...record,
    savedAt: new Date().toISOString(),
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    // Servers that do not rotate send no new refresh token: the old one stays good.
    ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
    ...(token.scope ? { scope: token.scope } : {}),
    ...(token.idToken ? { idToken: token.idToken } : {}),
  };
  if (token.expiresAt) refreshed.expiresAt = token.expiresAt.toISOString();
  else delete refreshed.expiresAt;
  return refreshed;
}

/**
 * How the client that logged in authenticates: the configured secret when the configured
 * server and client are the session's and `sentTo` is that server's (core/identity.ts), else
 * the secret of a registration this machine cached for that issuer, else none (the CLI is a
 * public client).
 */
export async function sessionClientAuth(
  record: OAuthRecord,
  settings: Settings,
  store: CredentialStore,
  sentTo: string = record.tokenEndpoint,
  debug?: (line: string) => void,
): Promise<oauth.ClientAuth> {
  const refusal = settings.clientSecret
    ? configuredSecretRefusal(settings, record, sentTo)
    : 'none is configured';
  if (settings.clientSecret && refusal)
    debug?.(`stored session: the configured client secret is not sent: ${refusal}`);
  if (settings.clientSecret && !refusal) {
    return clientAuthentication({
      clientId: record.clientId,
      clientSecret: settings.clientSecret,
      method: settings.clientAuth,
    }).auth;
  }
  const registered = await store.get(record.environment, 'client');
  if (
    registered?.clientId === record.clientId &&
    sameUrl(registered.issuer, record.issuer) &&
    registered.clientSecret
  ) {
    return clientAuthentication({ clientId: record.clientId, clientSecret: registered.clientSecret }).auth;
  }
  return oauth.None();
}
