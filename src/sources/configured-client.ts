import type * as oauth from 'oauth4webapi';
import { type Settings, settingName } from '../core/settings.ts';
import type { TransportOptions } from '../http/types.ts';
import { type ClientAuthentication, clientAuthentication, noClientAuth } from '../oauth/client-auth.ts';
import type { ClientKey } from '../oauth/private-key.ts';
import { serverFromTokenEndpoint } from '../oauth/token-endpoint.ts';

/** The transport settings every request of one command shares. */
export function transportOptions(settings: Settings, debug?: (line: string) => void): TransportOptions {
  return {
    timeoutMs: settings.timeoutSeconds * 1000,
    retries: settings.retries,
    retryBudgetSeconds: settings.retryBudgetSeconds,
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
  const { discover } = await import(/* webpackMode: "eager" */ '../oauth/discovery.ts');
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
  if (settings.grant === 'jwt-bearer') return assertionGrantClient(settings, keySource);
  const privateKey = settings.privateKey ? await loadKey(settings.privateKey, keySource) : undefined;
  return clientAuthentication({
    clientId: settings.clientId!,
    method: settings.clientAuth,
    clientSecret: settings.clientSecret,
    privateKey,
    names: {
      clientAuth: settingName(settings, 'clientAuth'),
      privateKey: settingName(settings, 'privateKey'),
    },
  });
}

/**
 * The client of `--grant jwt-bearer`, for the grant and for revoking what it got. The key
 * signs the assertion, which is the grant (RFC 7523 §2.1), so the client authenticates
 * only when told to (a secret, or --client-auth); otherwise it is named by client_id alone,
 * as Salesforce and Google expect.
 */
async function assertionGrantClient(settings: Settings, keySource: string): Promise<ClientAuthentication> {
  const clientId = settings.clientId!;
  if (!settings.clientSecret && !settings.clientAuth) {
    return { method: 'none', client: { client_id: clientId }, auth: noClientAuth() };
  }
  const keyAuth = settings.clientAuth === 'private_key_jwt' && settings.privateKey;
  return clientAuthentication({
    clientId,
    method: settings.clientAuth,
    clientSecret: settings.clientSecret,
    privateKey: keyAuth ? await loadKey(settings.privateKey!, keySource) : undefined,
  });
}

/** Loaded only with a key: it needs node:crypto, ~6 ms of start-up a client secret does not. */
async function loadKey(key: string, source: string): Promise<ClientKey> {
  const { loadPrivateKey } = await import(/* webpackMode: "eager" */ '../oauth/private-key.ts');
  return loadPrivateKey(key, { source });
}
