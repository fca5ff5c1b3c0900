import type * as oauth from 'oauth4webapi';
import { type Settings, settingName } from '../core/settings.ts';
import type { TransportOptions } from '../http/types.ts';
import { type ClientAuthentication, clientAuthentication } from '../oauth/client-auth.ts';
import { discover, serverFromTokenEndpoint } from '../oauth/discovery.ts';
import { loadPrivateKey } from '../oauth/private-key.ts';

/** The transport settings every request of one command shares. */
export function transportOptions(settings: Settings, debug?: (line: string) => void): TransportOptions {
  return {
    timeoutMs: settings.timeoutSeconds * 1000,
    retries: settings.retries,
    ...(debug ? { debug } : {}),
  };
}

/**
 * The authorization server: the configured token endpoint as is (one request per exchange),
 * else discovered from the issuer (two requests). A configured revocation endpoint wins over
 * the metadata's, which many servers (Django OAuth Toolkit among them) leave out.
 */
export async function authorizationServer(
  settings: Settings,
  transport: TransportOptions,
): Promise<oauth.AuthorizationServer> {
  const { tokenEndpoint, issuer, revocationEndpoint } = settings;
  if (tokenEndpoint) return serverFromTokenEndpoint(tokenEndpoint, issuer, revocationEndpoint);
  const server = await discover(issuer!, transport, discoveryNames(settings));
  return revocationEndpoint ? { ...server, revocation_endpoint: revocationEndpoint } : server;
}

/** The issuer and token endpoint settings, named the way this user gives settings. */
export function discoveryNames(settings: Settings) {
  return { issuer: settingName(settings, 'issuer'), tokenEndpoint: settingName(settings, 'tokenEndpoint') };
}

/** The client's authentication from the settings; a bad key fails here, before any request. */
export async function clientAuthFromSettings(
  settings: Settings,
  keySource = 'TOKENRELAY_PRIVATE_KEY',
): Promise<ClientAuthentication> {
  const privateKey = settings.privateKey
    ? await loadPrivateKey(settings.privateKey, { source: keySource })
    : undefined;
  return clientAuthentication({
    clientId: settings.clientId!,
    method: settings.clientAuth,
    clientSecret: settings.clientSecret,
    privateKey,
  });
}
