import { TokenRelayError, toTokenRelayError } from '../core/errors.ts';
import { type Settings, settingName } from '../core/settings.ts';
import type { ResolvedToken } from '../core/token.ts';
import { type RevokeResult, revokeToken } from '../oauth/revoke.ts';
import { clientAuthFromSettings, transportOptions } from '../sources/configured-client.ts';

/** What a run minted and may have to take back: from the token itself, or the post step's state. */
export interface MintedToken {
  accessToken: string;
  method?: string;
  revocationEndpoint?: string;
  expiresAt?: Date;
}

/**
 * Tokens this run created (client credentials, CI federation); a given or stored token is not
 * ours to revoke, nor one from the job's token cache, which other steps are using.
 */
export function wasMinted(token: Pick<ResolvedToken, 'method' | 'cached'>): boolean {
  return !token.cached && (token.method === 'client-credentials' || token.method === 'oidc');
}

/** "until 2026-…Z", or "until it expires" when the server gave no lifetime. */
export function validUntil(expiresAt: Date | undefined): string {
  return expiresAt ? `until ${expiresAt.toISOString()}` : 'until it expires';
}

/**
 * RFC 7009 for a token this run minted, by the client that minted it. Never throws: the
 * post step and the failure clean-up report the result and carry on.
 */
export async function revokeMinted(
  token: MintedToken,
  settings: Settings,
  env: Record<string, string | undefined>,
  debug?: (line: string) => void,
): Promise<RevokeResult> {
  const endpoint = token.revocationEndpoint ?? settings.revocationEndpoint;
  if (!endpoint) {
    return {
      ok: false,
      message:
        `No revocation endpoint is known (the server's metadata names none), so the token stays valid ${validUntil(token.expiresAt)}. ` +
        `Set ${settingName(settings, 'revocationEndpoint')} to revoke it.`,
    };
  }
  try {
    const transport = transportOptions(settings, debug);
    const who =
      token.method === 'oidc'
        ? await (
            await import(/* webpackMode: "eager" */ '../sources/federation-client.ts')
          ).federationRevocationClient(settings, env, transport)
        : await clientAuthFromSettings(settings);
    if (!who) {
      return {
        ok: false,
        message: `No client id is configured to revoke with; the token stays valid ${validUntil(token.expiresAt)}.`,
      };
    }
    return await revokeToken({
      server: { issuer: settings.issuer ?? endpoint, revocation_endpoint: endpoint },
      clientId: who.client.client_id,
      clientAuth: who.auth,
      token: token.accessToken,
      tokenTypeHint: 'access_token',
      transport,
      ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}),
    });
  } catch (e) {
    return { ok: false, message: `Could not revoke the token: ${toTokenRelayError(e).describe()}` };
  }
}

/**
 * A run that fails after minting a token takes it back before it exits, best effort, and the
 * error says whether that worked: nothing minted is left live for its whole lifetime because
 * a later step (validation, the tenant check, an export) went wrong.
 */
export async function failAfterMinting(
  error: unknown,
  token: MintedToken & Pick<ResolvedToken, 'method'> & Partial<Pick<ResolvedToken, 'cached' | 'uncache'>>,
  settings: Settings,
  env: Record<string, string | undefined>,
  debug?: (line: string) => void,
): Promise<TokenRelayError> {
  const failure = toTokenRelayError(error);
  if (!wasMinted(token)) return failure;
  const result = await revokeMinted(token, settings, env, debug);
  // A revoked token must not be handed to the next call from the cache.
  if (result.ok) await token.uncache?.().catch(() => {});
  const stays = /stays valid/.test(result.message) ? '' : ` It stays valid ${validUntil(token.expiresAt)}.`;
  const note = result.ok
    ? 'The token minted for this run was revoked.'
    : `The token minted for this run was not revoked: ${result.message.replace(/\.$/, '')}.${stays}`;
  // Its own sentence after the failure and what to do about it, not run on into them.
  const detail = failure.detail ? `${failure.detail} ${note}` : note;
  return new TokenRelayError(failure.kind, failure.message, failure.hint, { cause: failure, detail });
}
