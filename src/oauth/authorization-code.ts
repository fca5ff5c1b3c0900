import * as oauth from 'oauth4webapi';
import { authError, protocolError, type TokenRelayError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { httpOptions } from './http-options.ts';
import { targetParams } from './login-scope.ts';
import { type LoginTokens, readLoginTokens } from './login-tokens.ts';
import { errorResponseToError, mapOAuthError, type OAuthErrorContext, serverText } from './oauth-errors.ts';
import type { PkceAttempt } from './pkce.ts';
import { tokenEndpointOf } from './token-endpoint.ts';

export interface LoginTarget {
  scope: string;
  /** OpenID `prompt`, browser and paste-back only (the device flow has none). */
  prompt?: string;
  resource?: readonly string[];
  audience?: string;
  /** `--param name=value`: extra parameters on every request of the login. */
  params?: Readonly<Record<string, string>>;
}

export type { LoginTokens } from './login-tokens.ts';

/** What a login's error messages need from the face: its settings' names, extra advice. */
export type LoginErrorWords = Pick<OAuthErrorContext, 'names' | 'advise' | 'publicClient'>;

/** The URL the user's browser opens (RFC 6749 §4.1.1 with PKCE, RFC 7636). */
export function authorizationUrl(
  server: oauth.AuthorizationServer,
  clientId: string,
  redirectUri: string,
  pkce: PkceAttempt,
  target: LoginTarget,
): URL {
  if (typeof server.authorization_endpoint !== 'string' || !server.authorization_endpoint) {
    throw protocolError(
      `The server metadata of ${server.issuer} names no authorization endpoint, so a browser login is impossible.`,
      'Try --device, or log in with --with-token.',
    );
  }
  const url = new URL(server.authorization_endpoint);
  const params = url.searchParams;
  params.set('response_type', 'code');
  params.set('client_id', clientId);
  params.set('redirect_uri', redirectUri);
  params.set('scope', target.scope);
  params.set('state', pkce.state);
  params.set('code_challenge', pkce.challenge);
  params.set('code_challenge_method', pkce.method);
  if (target.prompt) params.set('prompt', target.prompt);
  for (const [k, v] of targetParams(target)) params.append(k, v);
  return url;
}

/**
 * The protocol checks of an authorization response: state, RFC 9207 `iss` (oauth4webapi
 * requires it when the metadata promises it and compares it to the issuer, which stops a
 * mix-up between two servers), and error responses. The code is masked the moment it is seen.
 */
export function checkCallback(
  server: oauth.AuthorizationServer,
  clientId: string,
  params: URLSearchParams,
  expectedState: string | typeof oauth.skipStateCheck,
): URLSearchParams {
  for (const code of params.getAll('code')) registerSecret(code);
  try {
    return oauth.validateAuthResponse(server, { client_id: clientId }, params, expectedState);
  } catch (e) {
    throw callbackError(e, server);
  }
}

function callbackError(e: unknown, server: oauth.AuthorizationServer): TokenRelayError {
  if (e instanceof oauth.AuthorizationResponseError) {
    const said = serverText(e.error_description);
    if (e.error === 'access_denied') {
      return authError(
        `The sign-in was denied (access_denied).${said ? ` The server said: ${said}` : ''}`,
        "Run 'tokenrelay auth login' again and approve the access, or ask an administrator for it.",
      );
    }
    return errorResponseToError(e.error, e.error_description, 400, {
      what: 'the authorization server',
      grant: 'authorization_code',
    });
  }
  if (e instanceof oauth.OperationProcessingError && /"iss"/.test(e.message)) {
    const got = (e.cause as { parameters?: URLSearchParams } | undefined)?.parameters?.get('iss');
    return protocolError(
      got
        ? `The sign-in response comes from issuer ${serverText(got, 120)}, not ${server.issuer}; nothing was exchanged.`
        : `The sign-in response does not name its issuer, though ${server.issuer} promises to (RFC 9207); nothing was exchanged.`,
      'This can be a mix-up with another server in the same browser. Run the login again and sign in at the expected server.',
    );
  }
  if (e instanceof oauth.OperationProcessingError && /"state"/.test(e.message)) {
    return protocolError(
      'The sign-in response belongs to another login attempt (its state does not match).',
      'Use the URL from this attempt, or run the login again.',
    );
  }
  if (e instanceof oauth.UnsupportedOperationError) {
    return protocolError(
      'The sign-in response is an implicit-flow response, which tokenrelay never asks for.',
    );
  }
  const text = e instanceof Error ? e.message : String(e);
  return protocolError(`The sign-in response is not valid: ${serverText(text, 160)}.`);
}

export interface ExchangeOptions {
  server: oauth.AuthorizationServer;
  clientId: string;
  /** A public client (the default for a CLI) authenticates with nothing but PKCE. */
  clientAuth?: oauth.ClientAuth;
  /** What `checkCallback` returned. */
  callback: URLSearchParams;
  redirectUri: string;
  verifier: string;
  target: Omit<LoginTarget, 'scope'>;
  transport: TransportOptions;
  errors?: LoginErrorWords;
}

/**
 * Trades the code for tokens (RFC 6749 §4.1.3). Sent once and never retried: a code is
 * single-use, and a second attempt with it makes a compliant server revoke what the first
 * one issued.
 */
export async function exchangeCode(opts: ExchangeOptions): Promise<LoginTokens> {
  const { server, callback } = opts;
  const client: oauth.Client = { client_id: opts.clientId };
  const ctx: OAuthErrorContext = { what: 'the token endpoint', grant: 'authorization_code', ...opts.errors };
  const policy: RequestPolicy = { what: ctx.what, retryable: false };
  try {
    const options = {
      ...httpOptions(tokenEndpointOf(server), opts.transport, policy),
      additionalParameters: targetParams(opts.target),
    };
    const res = await oauth.authorizationCodeGrantRequest(
      server,
      client,
      opts.clientAuth ?? oauth.None(),
      callback,
      opts.redirectUri,
      opts.verifier,
      options,
    );
    return await readLoginTokens(
      res,
      (r, o) => oauth.processAuthorizationCodeResponse(server, client, r, o),
      ctx,
    );
  } catch (e) {
    throw await mapOAuthError(e, ctx);
  }
}
