import type * as oauth from 'oauth4webapi';
import type { Settings } from '../core/settings.ts';
import type { TransportOptions } from '../http/types.ts';
import { type ClientAuthentication, clientAuthentication } from '../oauth/client-auth.ts';
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
 * else discovered from the issuer (two requests).
 */
export async function authorizationServer(
  settings: Settings,
  transport: TransportOptions,
): Promise<oauth.AuthorizationServer> {
  if (settings.tokenEndpoint) return serverFromTokenEndpoint(settings.tokenEndpoint, settings.issuer);
  const { discover } = await import(/* webpackMode: "eager" */ '../oauth/discovery.ts');
  return discover(settings.issuer!, transport);
}

/** The client's authentication from the settings; a bad key fails here, before any request. */
export async function clientAuthFromSettings(
  settings: Settings,
  keySource = 'TOKENRELAY_PRIVATE_KEY',
): Promise<ClientAuthentication> {
  // Loaded only with a key: it needs node:crypto, ~6 ms a client secret does not.
  const privateKey = settings.privateKey
    ? await (await import(/* webpackMode: "eager" */ '../oauth/private-key.ts')).loadPrivateKey(
        settings.privateKey,
        { source: keySource },
      )
    : undefined;
  return clientAuthentication({
    clientId: settings.clientId!,
    method: settings.clientAuth,
    clientSecret: settings.clientSecret,
    privateKey,
  });
}
