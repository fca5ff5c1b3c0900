import type * as oauth from 'oauth4webapi';
import { createSend } from '../http/fetch.ts';
import { withRetries } from '../http/retry.ts';
import { toResponse } from '../http/to-response.ts';
import type { HttpAnswer, RequestPolicy, TransportOptions } from '../http/types.ts';
import { assertSendableUrl } from '../http/url-policy.ts';
import { formPost } from './form-post.ts';
import { mapOAuthError } from './oauth-errors.ts';

export interface RevokeOptions {
  server: oauth.AuthorizationServer;
  clientId: string;
  /** The client's authentication; `oauth.None()` for a public client. */
  clientAuth: oauth.ClientAuth;
  token: string;
  tokenTypeHint?: 'access_token' | 'refresh_token';
  transport: TransportOptions;
  /** When the token runs out, for saying how long a token that could not be revoked lives on. */
  expiresAt?: Date;
}

export interface RevokeResult {
  ok: boolean;
  /** One line for a log: what happened, never the token. */
  message: string;
}

/**
 * RFC 7009 revocation, best effort: callers (the post step, logout) warn and carry on, so
 * this never throws. Revoking twice is harmless, so it is retried like any idempotent call.
 */
export async function revokeToken(opts: RevokeOptions): Promise<RevokeResult> {
  const { server, token, transport } = opts;
  const what = 'the revocation endpoint';
  if (typeof server.revocation_endpoint !== 'string' || !server.revocation_endpoint) {
    return {
      ok: false,
      message: 'The server offers no revocation endpoint; the token stays valid until it expires.',
    };
  }
  const policy: RequestPolicy = { what, retryable: true };
  const client: oauth.Client = { client_id: opts.clientId };
  const url = server.revocation_endpoint;
  let authenticated = false;
  try {
    assertSendableUrl(url, what);
    const send = createSend(transport, policy);
    const answer = await withRetries(
      async () => {
        // As oauth4webapi's revocationRequest sends it: the hint first, then the token.
        const params = new URLSearchParams(opts.tokenTypeHint ? { token_type_hint: opts.tokenTypeHint } : {});
        params.set('token', token);
        const post = await formPost(server, client, opts.clientAuth, params, { accept: false });
        authenticated =
          'authorization' in post.headers ||
          post.body.has('client_secret') ||
          post.body.has('client_assertion');
        return send(url, post);
      },
      transport,
      policy,
    );
    // RFC 7009 §2.2: 200 is success, whatever the body. Anything else goes to oauth4webapi,
    // which reads the error out of it, and loads WHATWG Response only on that path.
    if (answer.status !== 200) {
      const refusal = knownRefusal(answer, authenticated, opts.expiresAt);
      if (refusal) return { ok: false, message: refusal };
      const lib = await import(/* webpackMode: "eager" */ 'oauth4webapi');
      await lib.processRevocationResponse(toResponse(answer, 'POST'));
    }
    return { ok: true, message: 'Token revoked.' };
  } catch (e) {
    const err = await mapOAuthError(e, { what });
    return { ok: false, message: `Could not revoke the token: ${err.describe()}` };
  }
}

/**
 * Refusals that say nothing is wrong with the client's settings, in words of what they mean:
 * a server that cannot revoke this kind of token (RFC 7009 §2.2.1: self-contained JWT access
 * tokens, commonly), and one that revokes only for authenticated clients, which a public
 * client (the CLI's login) is not.
 */
function knownRefusal(
  answer: HttpAnswer,
  authenticated: boolean,
  expiresAt: Date | undefined,
): string | undefined {
  const until = expiresAt ? `until ${expiresAt.toISOString()}` : 'until it expires';
  const code = errorCode(answer);
  if (code === 'unsupported_token_type') {
    return `The server cannot revoke this kind of token (unsupported_token_type; servers that issue self-contained JWT access tokens often cannot), so it stays valid ${until}.`;
  }
  if (answer.status === 401 && !authenticated) {
    return `The revocation endpoint refused a public client (HTTP 401${code ? `, ${code}` : ''}): this server revokes only for clients that authenticate, so the token stays valid ${until}.`;
  }
  return undefined;
}

function errorCode(answer: HttpAnswer): string | undefined {
  try {
    const body: unknown = JSON.parse(answer.body.toString('utf8'));
    const error = (body as { error?: unknown } | null)?.error;
    return typeof error === 'string' ? error.replace(/[^\w.:-]/g, '').slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
}
