import * as oauth from 'oauth4webapi';
import { TokenRelayError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { peekJson } from '../http/json-body.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import type { LoginTokens } from './authorization-code.ts';
import { httpOptions } from './http-options.ts';
import { readLoginTokens } from './login-tokens.ts';
import { mapOAuthError, type OAuthErrorContext, serverText } from './oauth-errors.ts';
import { tokenEndpointOf } from './token-endpoint.ts';

export interface RefreshOptions {
  /** With `id_token_signing_alg_values_supported` when the session kept it (refresh-session). */
  server: oauth.AuthorizationServer;
  clientId: string;
  /** A public client (the CLI's) sends only its client_id. */
  clientAuth?: oauth.ClientAuth;
  refreshToken: string;
  transport: TransportOptions;
  /**
   * Handed a rotated refresh token the moment the answer holds one, before anything else in
   * it is checked: the old one is spent, so the caller saves the new one first.
   */
  keepRotated?: (refreshToken: string) => Promise<void>;
}

export interface RefreshedTokens extends LoginTokens {
  /** Why the ID token that came with the new tokens was not accepted; the tokens still are. */
  idTokenProblem?: string;
}

const SESSION_EXPIRED = 'Your session has expired or was revoked.';
export const LOGIN_AGAIN = "Run 'tokenrelay auth login' again.";

/**
 * RFC 6749 §6. Sent once and never retried: with rotating refresh tokens the first attempt
 * may have been honoured even if its answer was lost, and replaying the old refresh token
 * then counts as theft, which revokes the whole session. The ID token is checked apart from
 * the rest (OpenID Connect Core §12.2): one that fails is reported, never a reason to throw
 * away tokens the server has already swapped.
 */
export async function refreshTokens(opts: RefreshOptions): Promise<RefreshedTokens> {
  const { server } = opts;
  registerSecret(opts.refreshToken);
  const client: oauth.Client = { client_id: opts.clientId };
  const ctx: OAuthErrorContext = { what: 'the token endpoint', grant: 'refresh_token' };
  const policy: RequestPolicy = { what: ctx.what, retryable: false };
  let idToken: string | undefined;
  let result: LoginTokens;
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
    const rotated = said?.refresh_token;
    if (res.status === 200 && typeof rotated === 'string' && rotated && rotated !== opts.refreshToken) {
      registerSecret(rotated);
      await opts.keepRotated?.(rotated);
    }
    if (typeof said?.id_token === 'string' && said.id_token) idToken = said.id_token;
    result = await readLoginTokens(
      res,
      async (r, o) => oauth.processRefreshTokenResponse(server, client, await withoutIdToken(r), o),
      ctx,
    );
  } catch (e) {
    throw await mapOAuthError(e, ctx);
  }
  if (!idToken) return result;
  const checked = await checkIdToken(server, client, idToken, result.token.accessToken);
  if ('problem' in checked) return { ...result, idTokenProblem: checked.problem };
  return { token: { ...result.token, idToken }, idClaims: checked.claims };
}

/** The answer as oauth4webapi reads it, minus the ID token, which checkIdToken judges alone. */
async function withoutIdToken(res: Response): Promise<Response> {
  const body = (await res
    .clone()
    .json()
    .catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || !('id_token' in body)) return res;
  delete body.id_token;
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(body), { status: res.status, statusText: res.statusText, headers });
}

/** oauth4webapi's own ID token checks (alg, iss, aud, exp, azp, sub) on the ID token alone. */
async function checkIdToken(
  server: oauth.AuthorizationServer,
  client: oauth.Client,
  idToken: string,
  accessToken: string,
): Promise<{ claims: oauth.IDToken } | { problem: string }> {
  const alone = new Response(
    JSON.stringify({ access_token: accessToken, token_type: 'bearer', id_token: idToken }),
    {
      status: 200,
      headers: { 'content-type': 'application/json' },
    },
  );
  try {
    const body = await oauth.processRefreshTokenResponse(server, client, alone);
    const claims = oauth.getValidatedIdTokenClaims(body);
    return claims ? { claims } : { problem: 'it carries no claims' };
  } catch (e) {
    return { problem: idTokenProblem(e) };
  }
}

/** oauth4webapi's words, plus the algorithm when that is what failed: the likeliest cause. */
function idTokenProblem(e: unknown): string {
  const text = serverText(e instanceof Error ? e.message : String(e), 160);
  const cause = (e as { cause?: { header?: { alg?: unknown }; expected?: unknown } }).cause;
  const alg = cause?.header?.alg;
  if (typeof alg !== 'string') return text;
  const expected = cause?.expected;
  const accepted = Array.isArray(expected) ? expected.join(', ') : String(expected ?? 'RS256');
  return `${text}: signed with ${serverText(alg, 20)}, accepted ${serverText(accepted, 120)}`;
}
