import type * as oauth from 'oauth4webapi';
import { TokenRelayError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import type { Token } from '../core/token.ts';
import { readJson } from '../http/json-body.ts';
import { redirectedError } from '../http/retry.ts';
import { toResponse } from '../http/to-response.ts';
import type { HttpAnswer } from '../http/types.ts';
import { capitalise } from '../http/wording.ts';
import { acceptTokenResponse } from './access-token-response.ts';
import {
  clientRefusedHint,
  describeContentType,
  errorResponseToError,
  mapOAuthError,
  type OAuthErrorContext,
  serverText,
} from './oauth-errors.ts';
import { expiryAfter, jwtExpiry } from './token-expiry.ts';

/** The oauth4webapi processor for the grant (processClientCredentialsResponse, …). */
export type TokenProcessor = (
  res: Response,
  options: oauth.ProcessTokenResponseOptions,
) => Promise<oauth.TokenEndpointResponse>;

// Token exchange (RFC 8693 §2.2.1) answers "N_A" when the issued token is not an access token.
const RECOGNIZED_TOKEN_TYPES: oauth.ProcessTokenResponseOptions['recognizedTokenTypes'] = { n_a: () => {} };

/**
 * Reads a token endpoint response. The body is looked at first, for two reasons: tokens are
 * registered as secrets the moment they are readable, before any validation could throw
 * with them inside; and a broken body gets a sentence a CI log reader can act on instead of
 * oauth4webapi's '"response" body must be a top level object'. oauth4webapi then does the
 * actual protocol processing.
 */
export async function readTokenResponse(
  res: Response,
  process: TokenProcessor,
  ctx: OAuthErrorContext,
): Promise<Token> {
  // Requests sent only once (code exchange, rotating refresh) do not pass through
  // withRetries, where a redirect is normally refused: refuse it here too.
  if (res.status >= 300 && res.status < 400) throw redirectedError(res, ctx.what);
  const text = await res.clone().text();
  const parsed = parseJson(text);
  registerTokens(parsed);
  await precheck(res, parsed, ctx, text.trim() === '');

  let body: oauth.TokenEndpointResponse;
  try {
    body = await process(res.status === 200 ? normalised(res, parsed as Record<string, unknown>) : res, {
      recognizedTokenTypes: RECOGNIZED_TOKEN_TYPES,
    });
  } catch (e) {
    throw await mapOAuthError(e, ctx);
  }
  const raw = parsed as Record<string, unknown>;
  const token: Token = {
    accessToken: body.access_token,
    // As sent: oauth4webapi lowercases it, and some APIs echo it back in the header.
    tokenType: typeof raw.token_type === 'string' ? raw.token_type : body.token_type,
  };
  const expiresAt =
    typeof body.expires_in === 'number' ? expiryAfter(body.expires_in) : jwtExpiry(body.access_token);
  if (expiresAt) token.expiresAt = expiresAt;
  if (body.scope !== undefined) token.scope = body.scope;
  if (body.refresh_token !== undefined) token.refreshToken = body.refresh_token;
  if (body.id_token !== undefined) token.idToken = body.id_token;
  if (typeof raw.issued_token_type === 'string') token.issuedTokenType = raw.issued_token_type;
  return token;
}

/**
 * The same for a plain HttpAnswer: a plain success is read by acceptTokenResponse, without
 * WHATWG types; anything else becomes a Response and takes the full path above, so errors
 * read exactly as they always have.
 */
export async function readTokenAnswer(
  answer: HttpAnswer,
  process: TokenProcessor,
  ctx: OAuthErrorContext,
): Promise<Token> {
  if (answer.status >= 300 && answer.status < 400) throw redirectedError(answer, ctx.what);
  const parsed = parseJson(answer.body.toString('utf8'));
  registerTokens(parsed);
  return (
    acceptTokenResponse(answer.status, parsed) ?? readTokenResponse(toResponse(answer, 'POST'), process, ctx)
  );
}

function registerTokens(parsed: unknown): void {
  if (!isObject(parsed)) return;
  for (const name of ['access_token', 'refresh_token', 'id_token'] as const) {
    if (typeof parsed[name] === 'string') registerSecret(parsed[name]);
  }
}

/**
 * What real servers send, in the one shape oauth4webapi checks: a JSON object body under
 * any JSON-ish content type (`Application/JSON;charset=UTF-8`, `text/plain` from old
 * gateways), `scope` as a list (joined), and `null` for an absent `expires_in` or `scope`.
 * A quoted number of seconds stays as it is: oauth4webapi reads it.
 */
function normalised(res: Response, parsed: Record<string, unknown>): Response {
  const body: Record<string, unknown> = { ...parsed };
  for (const name of ['expires_in', 'scope', 'refresh_token', 'id_token'] as const) {
    if (body[name] === null) delete body[name];
  }
  if (Array.isArray(body.scope) && body.scope.every((s) => typeof s === 'string')) {
    body.scope = body.scope.join(' ');
  }
  const headers = new Headers(res.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  return new Response(JSON.stringify(body), { status: res.status, statusText: res.statusText, headers });
}

async function precheck(
  res: Response,
  parsed: unknown,
  ctx: OAuthErrorContext,
  empty: boolean,
): Promise<void> {
  const What = capitalise(ctx.what);
  const http = `HTTP ${res.status}`;
  if (res.status !== 200) {
    if (isObject(parsed) && typeof parsed.error === 'string' && parsed.error) return; // oauth4webapi maps it
    if (res.status === 403 && empty) throw forbiddenSaidNothing(ctx);
    if (res.status === 401 || res.status === 403) {
      throw new TokenRelayError(
        'auth',
        `${What} refused the client (${http}, ${describeContentType(res)}).`,
        clientRefusedHint(ctx),
      );
    }
    if (res.status === 404 || res.status === 405) throw notThere(res, ctx);
    if (parsed === undefined) await notJson(res, ctx);
    throw new TokenRelayError(
      'protocol',
      `${What} answered ${http} without an OAuth error code: ${serverText(JSON.stringify(parsed), 120)}`,
    );
  }
  if (parsed === undefined) await notJson(res, ctx);
  if (!isObject(parsed)) {
    throw new TokenRelayError(
      'protocol',
      `${What} returned ${Array.isArray(parsed) ? 'a JSON array' : `a JSON ${parsed === null ? 'null' : typeof parsed}`} (${http}); expected an object with an access_token.`,
    );
  }
  if (typeof parsed.access_token !== 'string' || !parsed.access_token) {
    if (typeof parsed.error === 'string' && parsed.error) {
      throw errorResponseToError(parsed.error, parsed.error_description, res.status, ctx);
    }
    throw new TokenRelayError('protocol', `${What}'s response (${http}) has no access_token.`);
  }
  if (typeof parsed.token_type !== 'string' || !parsed.token_type) {
    throw new TokenRelayError('protocol', `${What}'s response (${http}) has no token_type.`);
  }
  const exp = parsed.expires_in;
  if (exp !== undefined && exp !== null && !validSeconds(exp)) {
    throw new TokenRelayError(
      'protocol',
      `${What} returned an invalid expires_in (${serverText(JSON.stringify(exp), 40)}); expected a number of seconds, 0 or more.`,
      'The server is misbehaving; no token was used. Report this to whoever runs it.',
    );
  }
}

/**
 * A bare 403 says neither who was refused nor why. Servers answer it to a wrong secret (where
 * RFC 6749 says 401) and to a scope the client may not have: both are named, with what was asked.
 */
function forbiddenSaidNothing(ctx: OAuthErrorContext): TokenRelayError {
  const clientId = ctx.names?.clientId ?? 'TOKENRELAY_CLIENT_ID';
  const scope = ctx.names?.scope ?? 'the scope setting';
  const asked = ctx.scope ? `the scope asked ("${serverText(ctx.scope, 120)}")` : 'its default scope';
  return new TokenRelayError(
    'auth',
    `${capitalise(ctx.what)} refused the request (HTTP 403) with an empty body, so it did not say why.`,
    `The likely causes: a wrong client secret or key (some servers answer 403 where RFC 6749 says 401), or ${asked} not allowed for this client. Check ${clientId} and the secret, and ${scope} against what the client may have.`,
  );
}

/** A number, or a numeric string (some servers quote it; oauth4webapi accepts both). */
function validSeconds(value: unknown): boolean {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?(e\+?\d+)?\s*$/i.test(value)
        ? Number(value)
        : NaN;
  return Number.isFinite(n) && n >= 0;
}

/**
 * 404/405 without an OAuth error: the URL is not the token endpoint, usually by a path that
 * is almost right — servers disagree on a trailing slash (Django's /o/token/, Keycloak's none).
 */
function notThere(res: Response, ctx: OAuthErrorContext): TokenRelayError {
  const where = res.url ? ` (${res.url})` : '';
  const said = res.status === 404 ? 'Not Found' : 'Method Not Allowed';
  return new TokenRelayError(
    'protocol',
    `${capitalise(ctx.what)}${where} answered HTTP ${res.status} (${said}): there is no token endpoint at that path.`,
    `Check the path in ${ctx.names?.tokenEndpoint ?? '--token-endpoint'} exactly as the server documents it, including a trailing slash or its absence.`,
  );
}

/** The transport's reader says precisely what came instead of JSON; it always throws here. */
async function notJson(res: Response, ctx: OAuthErrorContext): Promise<never> {
  await readJson(res.clone(), ctx.what);
  throw new TokenRelayError(
    'protocol',
    `${capitalise(ctx.what)} sent a body that is not JSON (HTTP ${res.status}).`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
