import type { Settings } from '../core/settings.ts';
import { type RevokeResult, revokeToken } from '../oauth/revoke.ts';
import { clientAuthFromSettings, transportOptions } from '../sources/configured-client.ts';
import { federationRevocationClient } from '../sources/federation-client.ts';

/** What the Action's main step minted, as its post step finds it. */
export interface MintedToken {
  token: string;
  revocationEndpoint: string;
  /** How it was minted: a federated token is revoked by the client that federated it. */
  method?: string;
}

/**
 * RFC 7009 for a token the Action minted, loaded only by its post step: revoked by the same
 * client that obtained it. undefined: no client is identified, and RFC 7009 has no way to
 * revoke without one.
 */
export async function revokeMinted(
  minted: MintedToken,
  settings: Settings,
  env: Record<string, string | undefined>,
  debug: (line: string) => void,
): Promise<RevokeResult | undefined> {
  const transport = transportOptions(settings, debug);
  const who =
    minted.method === 'oidc'
      ? await federationRevocationClient(settings, env, transport)
      : await clientAuthFromSettings(settings);
  if (!who) return undefined;
  return revokeToken({
    server: {
      issuer: settings.issuer ?? minted.revocationEndpoint,
      revocation_endpoint: minted.revocationEndpoint,
    },
    clientId: who.client.client_id,
    clientAuth: who.auth,
    token: minted.token,
    tokenTypeHint: 'access_token',
    transport,
  });
}
