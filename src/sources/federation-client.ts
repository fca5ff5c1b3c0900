import * as oauth from 'oauth4webapi';
import type { CiTokenSource } from '../ci/ci-token.ts';
import { pickCiTokenSource } from '../ci/pick-ci-token.ts';
import { usageError } from '../core/errors.ts';
import type { FederationMode } from '../core/federation-modes.ts';
import type { Settings } from '../core/settings.ts';
import type { TransportOptions } from '../http/types.ts';
import { ClientAssertion, NoClientAuth } from '../oauth/client-assertion.ts';
import { clientAuthFromSettings } from './configured-client.ts';

export interface FederationClient {
  client: oauth.Client;
  auth: oauth.ClientAuth;
  /** False when no client is identified at all (nothing to revoke with later). */
  identified: boolean;
}

/**
 * Who the client is during a federated exchange. client-assertion: the client id with the
 * CI token as its assertion. Otherwise the exchange is authorised by the CI token itself,
 * and the client is whatever is configured: a confidential client (secret or key), a
 * public one (client id only), or none at all (a cloud STS that needs no client).
 */
export async function federationClient(
  settings: Settings,
  mode: FederationMode,
  ci: CiTokenSource | undefined,
): Promise<FederationClient> {
  const clientId = settings.clientId;
  if (mode === 'client-assertion') {
    if (!clientId || !ci) {
      throw usageError(
        'federation: client-assertion needs a client id: the server trusts the CI token on behalf of that client.',
        'Set client-id (--client-id / TOKENRELAY_CLIENT_ID) to the client whose federated credential trusts this job.',
      );
    }
    return { client: { client_id: clientId }, auth: ClientAssertion(() => ci.current()), identified: true };
  }
  if (clientId && (settings.clientSecret || settings.privateKey)) {
    const { client, auth } = await clientAuthFromSettings(settings);
    return { client, auth, identified: true };
  }
  if (clientId) return { client: { client_id: clientId }, auth: oauth.None(), identified: true };
  // oauth4webapi requires a client id; NoClientAuth never sends it.
  return { client: { client_id: 'tokenrelay' }, auth: NoClientAuth, identified: false };
}

/**
 * The client that revokes a federated token in the post step: the same one that obtained
 * it. In client-assertion mode that takes a CI token again (GitHub mints a fresh one; the
 * request variables are still set in post steps). undefined: no client was identified, and
 * RFC 7009 has no way to revoke without one.
 */
export async function federationRevocationClient(
  settings: Settings,
  env: Record<string, string | undefined>,
  transport: TransportOptions,
): Promise<FederationClient | undefined> {
  const mode = settings.federation ?? 'token-exchange';
  const ci =
    mode === 'client-assertion'
      ? pickCiTokenSource(settings, env, {
          audience: settings.oidcAudience ?? settings.issuer ?? settings.tokenEndpoint,
          transport,
        })
      : undefined;
  const found = await federationClient(settings, mode, ci);
  return found.identified ? found : undefined;
}
