import type * as OAuth from 'oauth4webapi';
import { isTokenRelayError, TokenRelayError } from '../core/errors.ts';
import { bodyExcerpt } from '../http/json-body.ts';
import { capitalise } from '../http/wording.ts';

/** What the failing step was doing, so a message can name what to fix. */
export interface OAuthErrorContext {
  /** "the token endpoint", "the revocation endpoint", "the issuer's discovery document". */
  what: string;
  /** The grant in flight, e.g. "client_credentials". */
  grant?: string;
  scope?: string;
  resource?: string[];
  audience?: string;
  /**
   * Extra words for a given error code, from a caller that knows more than the grant: CI
   * federation shows the CI token's `aud` and says what to configure.
   */
  advise?: (code: string) => OAuthAdvice | undefined;
  /** The settings to change, named the way the user gave them (`--client-id`, input `scope`, …). */
  names?: SettingNames;
  /** How the client authenticated, and what the server's metadata lists, when known. */
  clientAuth?: { method: string; supported?: unknown };
  /** The client sent no secret or key (a login's public client): invalid_client is about its id. */
  publicClient?: boolean;
}

export interface SettingNames {
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  /** The token endpoint setting, or where the endpoint came from (the issuer's metadata). */
  tokenEndpoint?: string;
  /** `--client-auth`, input `client-auth`, … */
  clientAuth?: string;
  audience?: string;
  resource?: string;
  /** The extra token-request parameters: `--param`, input `params`. */
  params?: string;
  /** The token endpoint setting itself, to set when the metadata has none. */
  tokenEndpointSetting?: string;
}

export interface OAuthAdvice {
  /** Appended to the message. */
  detail?: string;
  /** Replaces the hint. */
  hint?: string;
  /** Replaces the exit code, where the caller knows what the code means here. */
  kind?: TokenRelayError['kind'];
}

const DESCRIPTION_MAX = 200;

/** Server-supplied text: scrubbed (it may echo a secret), one line, bounded. */
export function serverText(text: unknown, max = DESCRIPTION_MAX): string {
  return typeof text === 'string' ? bodyExcerpt(text, max) : '';
}

/**
 * One OAuth error response (RFC 6749 §5.2) → one exit code and a sentence saying what to
 * change. Refusals of the client or the grant are auth errors (4); a server saying it is
 * down is unavailable (5); a request it calls malformed is a protocol error (3).
 */
export function errorResponseToError(
  code: string,
  description: unknown,
  status: number,
  ctx: OAuthErrorContext,
): TokenRelayError {
  const sent = code.replace(/[^\w.:-]/g, '').slice(0, 64) || 'unknown_error';
  const err = canonicalCode(sent);
  const described = describeErrorResponse(err, description, status, ctx);
  // Read by meaning, but the server's own spelling is what its documentation uses.
  const error =
    err === sent
      ? described
      : new TokenRelayError(
          described.kind,
          `${described.message} (The server sent "${sent}".)`,
          described.hint,
        );
  const advice = ctx.advise?.(err);
  if (!advice) return error;
  const message = advice.detail ? `${error.message} ${advice.detail}` : error.message;
  return new TokenRelayError(advice.kind ?? error.kind, message, advice.hint ?? error.hint);
}

const KNOWN_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
  'access_denied',
  'expired_token',
  'server_error',
  'temporarily_unavailable',
  'unsupported_token_type',
]);

/**
 * The RFC code a server meant: `scope_invalid`, `invalid-scope` and `Invalid_Scope` all mean
 * invalid_scope. Anything that does not come out as a known code is left as sent.
 */
export function canonicalCode(code: string): string {
  const snake = code.toLowerCase().replace(/[-\s.]+/g, '_');
  const swapped = /^([a-z]+)_invalid$/.exec(snake);
  const meant = swapped ? `invalid_${swapped[1]}` : snake;
  return KNOWN_CODES.has(meant) ? meant : code;
}

function describeErrorResponse(
  err: string,
  description: unknown,
  status: number,
  ctx: OAuthErrorContext,
): TokenRelayError {
  const desc = serverText(description);
  const said = desc ? ` The server said: ${sentence(desc)}` : '';
  const What = capitalise(ctx.what);
  const grant = ctx.grant ?? 'this';
  const auth = (message: string, hint: string) => new TokenRelayError('auth', `${message}${said}`, hint);
  switch (err) {
    case 'invalid_client':
      return auth(`${What} rejected the client credentials (invalid_client).`, clientRefusedHint(ctx));
    case 'unauthorized_client':
      return auth(
        `${What} does not allow this client to use the ${grant} grant (unauthorized_client).`,
        `Enable the ${grant} grant for the client at the identity provider, or use a client that has it.`,
      );
    case 'invalid_grant':
      return auth(
        `${What} rejected the ${grant} grant (invalid_grant).`,
        ctx.grant === 'refresh_token'
          ? "The session has expired or was revoked; run 'tokenrelay auth login' again."
          : 'The code, token or assertion presented is invalid, expired or already used; obtain a new one.',
      );
    case 'unsupported_grant_type':
      return auth(
        `${What} does not support the ${grant} grant (unsupported_grant_type).`,
        'Check the issuer / token endpoint, or use a method this server supports.',
      );
    case 'invalid_scope':
      return auth(
        ctx.scope
          ? `${What} rejected the requested scope "${serverText(ctx.scope, 120)}" (invalid_scope).`
          : `${What} rejected the request for its default scope (invalid_scope).`,
        ctx.scope
          ? `Request only scopes this client is allowed (${ctx.names?.scope ?? '--scope / TOKENRELAY_SCOPE'}).`
          : `The server may have no default scope (Okta, Entra ID): set ${ctx.names?.scope ?? '--scope / TOKENRELAY_SCOPE'}.`,
      );
    case 'invalid_target':
      return auth(
        `${What} rejected the requested resource or audience${targets(ctx)} (invalid_target).`,
        `Check ${ctx.names?.resource ?? '--resource'} / ${ctx.names?.audience ?? '--audience'} against what the client may request.`,
      );
    case 'access_denied':
    case 'expired_token':
      if (ctx.grant === 'authorization_code' || ctx.grant === 'device_code' || err === 'expired_token') {
        return auth(`${What} refused the request (${err}).`, 'Start the sign-in again.');
      }
      return auth(
        `${What} refused the request (${err}).`,
        ctx.audience
          ? `Check that the client may have a token for that audience (${ctx.names?.audience ?? '--audience'}) at the server.`
          : `Some servers (Auth0) require an audience: set ${ctx.names?.audience ?? '--audience / TOKENRELAY_AUDIENCE'}, and check what the client may have.`,
      );
    case 'server_error':
    case 'temporarily_unavailable':
      return new TokenRelayError(
        'unavailable',
        `${What} failed (${err}, HTTP ${status}).${said}`,
        'The service may be down; try again later.',
      );
    case 'invalid_request':
      return new TokenRelayError(
        'protocol',
        `${What} rejected the request as invalid (invalid_request).${said}`,
        `Check the values of ${ctx.names?.params ?? '--param'}, ${ctx.names?.audience ?? '--audience'} and ${ctx.names?.resource ?? '--resource'}, and the client authentication method.`,
      );
    default:
      return auth(`${What} refused the request (${err}, HTTP ${status}).`, 'Check the client configuration.');
  }
}

/**
 * What to check when the server refuses the client. Right credentials in Basic are refused by
 * servers that skip RFC 6749 §2.3.1's decoding (or want them in the body): then the way to
 * send them is the likelier fault, and the metadata says which ways the server takes.
 */
export function clientRefusedHint(ctx: OAuthErrorContext): string {
  const id = ctx.names?.clientId ?? 'TOKENRELAY_CLIENT_ID';
  if (ctx.publicClient) {
    return `Check ${id}: no secret was sent, so the server must know it as a public client. A confidential client needs its secret (${ctx.names?.clientSecret ?? '--client-secret'}).`;
  }
  const check = `Check ${id} and ${ctx.names?.clientSecret ?? 'the client secret or private key'}`;
  const setting = ctx.names?.clientAuth ?? 'the client authentication method (client-auth)';
  const listed = supportedMethods(ctx.clientAuth?.supported);
  const lists = listed.length ? ` (its metadata lists ${listed.join(', ')})` : '';
  if (
    ctx.clientAuth?.method === 'client_secret_basic' &&
    (!listed.length || listed.includes('client_secret_post'))
  ) {
    return `${check}. If both are right, the server may not read credentials sent as HTTP Basic: set ${setting} to client_secret_post${lists}.`;
  }
  return `${check}; if they are right, the server may expect another method: set ${setting}${lists}.`;
}

function supportedMethods(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((m): m is string => typeof m === 'string').map((m) => serverText(m, 40));
}

/**
 * Every oauth4webapi failure, mapped in one place. Our own errors (from the transport or a
 * pre-check) pass through untouched.
 */
export async function mapOAuthError(e: unknown, ctx: OAuthErrorContext): Promise<TokenRelayError> {
  if (isTokenRelayError(e)) return e;
  // Only now: the client-credentials path must not load the library just to map errors.
  const oauth = await import(/* webpackMode: "eager" */ 'oauth4webapi');
  const What = capitalise(ctx.what);
  if (e instanceof oauth.ResponseBodyError) {
    return errorResponseToError(e.error, e.error_description, e.status, ctx);
  }
  if (e instanceof oauth.WWWAuthenticateChallengeError) {
    // The challenge often carries only a realm; the JSON body (left unread) names the error.
    const body = await e.response.json().catch(() => undefined);
    const params = e.cause[0]?.parameters;
    const code = typeof body?.error === 'string' ? body.error : (params?.error ?? 'invalid_client');
    const description = typeof body?.error === 'string' ? body.error_description : params?.error_description;
    return errorResponseToError(code, description, e.status, ctx);
  }
  if (e instanceof oauth.UnsupportedOperationError) {
    const body = (e.cause as { body?: { token_type?: unknown } } | undefined)?.body;
    if (body && 'token_type' in body) {
      return new TokenRelayError(
        'protocol',
        `${What} issued a token of type "${serverText(body.token_type, 40)}", which tokenrelay cannot use (expected Bearer).`,
      );
    }
    return new TokenRelayError('protocol', `${What}: ${serverText(e.message)}.`);
  }
  if (e instanceof oauth.OperationProcessingError) return processingError(oauth, e, ctx);
  const text = e instanceof Error ? e.message : String(e);
  return new TokenRelayError(
    'unexpected',
    `Unexpected error talking to ${ctx.what}: ${serverText(text)}`,
    undefined,
    {
      cause: e,
    },
  );
}

function processingError(
  oauth: typeof OAuth,
  e: OAuth.OperationProcessingError,
  ctx: OAuthErrorContext,
): TokenRelayError {
  const What = capitalise(ctx.what);
  const res = e.cause instanceof Response ? e.cause : undefined;
  switch (e.code) {
    case oauth.RESPONSE_IS_NOT_JSON:
      return new TokenRelayError(
        'protocol',
        `Expected JSON from ${ctx.what}, got ${describeContentType(res)}${res ? ` (HTTP ${res.status})` : ''}.`,
        'Check that the URL points at the endpoint itself.',
      );
    case oauth.PARSE_ERROR:
      return new TokenRelayError('protocol', `${What} returned JSON that could not be parsed.`);
    case oauth.RESPONSE_IS_NOT_CONFORM:
      return new TokenRelayError(
        'protocol',
        `${What} answered with an unexpected HTTP status${res ? ` ${res.status}` : ''}.`,
        'Check that the URL points at the endpoint itself.',
      );
    case oauth.MISSING_SERVER_METADATA:
    case oauth.INVALID_SERVER_METADATA:
      return new TokenRelayError(
        'protocol',
        `The server metadata has no usable ${attribute(e) ?? 'endpoint'} for ${ctx.what}.`,
        `Set the endpoint explicitly (for the token endpoint: ${ctx.names?.tokenEndpointSetting ?? '--token-endpoint'}).`,
      );
    case oauth.HTTP_REQUEST_FORBIDDEN:
    case oauth.REQUEST_PROTOCOL_FORBIDDEN:
      return new TokenRelayError(
        'usage',
        `Refusing to call ${ctx.what} over a non-https URL.`,
        'Use https://.',
      );
    default:
      return new TokenRelayError(
        'protocol',
        `${What} returned an invalid response: ${serverText(e.message.replace(/"response" body /g, '').replace(/ property/g, ''))}.`,
      );
  }
}

function attribute(e: OAuth.OperationProcessingError): string | undefined {
  const a = (e.cause as { attribute?: unknown } | undefined)?.attribute;
  return typeof a === 'string' ? a : undefined;
}

function targets(ctx: OAuthErrorContext): string {
  const list = [...(ctx.resource ?? []), ...(ctx.audience ? [ctx.audience] : [])];
  return list.length ? ` (${serverText(list.join(', '), 160)})` : '';
}

/** "text/html", "no content type", "an empty body": the words for what came instead of JSON. */
export function describeContentType(res: Response | undefined): string {
  const type = res?.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  return type ? serverText(type, 60) : 'a response with no content type';
}

/** Ends server text with a full stop, so the hint that follows reads as its own sentence. */
export function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
