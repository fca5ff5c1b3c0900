import * as oauth from 'oauth4webapi';
import { authError, protocolError } from '../core/errors.ts';
import { sleepLong } from '../core/long-timer.ts';
import { registerSecret } from '../core/secrets.ts';
import { peekJson } from '../http/json-body.ts';
import { withRetries } from '../http/retry.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { isLoopbackHost } from '../http/url-policy.ts';
import type { LoginErrorWords, LoginTarget, LoginTokens } from './authorization-code.ts';
import { describeDuration } from './duration.ts';
import { httpOptions } from './http-options.ts';
import { targetParams } from './login-scope.ts';
import { readLoginTokens } from './login-tokens.ts';
import { mapOAuthError, type OAuthErrorContext, serverText } from './oauth-errors.ts';
import { tokenEndpointOf } from './token-endpoint.ts';

/** What the user is shown: where to go and what to type. */
export interface DeviceCodeDisplay {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** ms since epoch after which tokenrelay stops waiting. */
  deadline: number;
}

export interface DeviceFlowOptions {
  server: oauth.AuthorizationServer;
  clientId: string;
  /** A public client (the usual CLI) sends only its client_id. */
  clientAuth?: oauth.ClientAuth;
  target: LoginTarget;
  transport: TransportOptions;
  show: (display: DeviceCodeDisplay) => void;
  /** The longest tokenrelay waits, whatever the device code's own lifetime. */
  timeoutMs: number;
  /** How error messages name the settings to change, from the face that knows how they were given. */
  errors?: LoginErrorWords;
  /** Injected by tests to record the waits and skip them. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const DEFAULT_INTERVAL = 5; // RFC 8628 §3.2
const SLOW_DOWN_STEP = 5; // RFC 8628 §3.5
export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** RFC 8628: show a code, then poll the token endpoint until the user approves or it expires. */
export async function deviceLogin(opts: DeviceFlowOptions): Promise<LoginTokens> {
  const { server, transport } = opts;
  const now = opts.now ?? Date.now;
  // The server sets the interval: one past Node's timer range must not turn into a poll loop.
  const sleep = opts.sleep ?? ((ms: number) => sleepLong(ms));
  const client: oauth.Client = { client_id: opts.clientId };
  const auth = await startDeviceAuthorization(opts, client);
  const localLimit = opts.timeoutMs < auth.expires_in * 1000;
  const deadline = now() + (localLimit ? opts.timeoutMs : auth.expires_in * 1000);
  opts.show({
    userCode: serverText(auth.user_code, 40),
    verificationUri: checkedUri(auth.verification_uri),
    ...(auth.verification_uri_complete
      ? { verificationUriComplete: checkedUri(auth.verification_uri_complete) }
      : {}),
    deadline,
  });

  const ctx: OAuthErrorContext = { what: 'the token endpoint', grant: 'device_code', ...opts.errors };
  const policy: RequestPolicy = { what: ctx.what, retryable: true };
  let interval = auth.interval ?? DEFAULT_INTERVAL;
  for (;;) {
    // Never past the deadline: a server asking for an interval longer than the login may wait
    // (or past Node's timer range) ends the wait in time rather than hanging or spinning.
    await sleep(Math.min(interval * 1000, Math.max(0, deadline - now())));
    if (now() >= deadline) throw localLimit ? timedOut(opts.timeoutMs) : expired();
    const res = await withRetries(
      () =>
        oauth.deviceCodeGrantRequest(server, client, opts.clientAuth ?? oauth.None(), auth.device_code, {
          ...httpOptions(tokenEndpointOf(server), transport, policy),
          additionalParameters: targetParams(opts.target),
        }),
      transport,
      policy,
    ).catch(async (e) => {
      throw await mapOAuthError(e, ctx);
    });
    const pending = await pendingError(res);
    if (pending === 'authorization_pending') continue;
    if (pending === 'slow_down') {
      interval += SLOW_DOWN_STEP;
      continue;
    }
    if (pending === 'expired_token') throw expired();
    if (pending === 'access_denied') {
      throw authError(
        'The sign-in was denied (access_denied).',
        "Run 'tokenrelay auth login --device' again and approve the request.",
      );
    }
    return await readLoginTokens(res, (r, o) => oauth.processDeviceCodeResponse(server, client, r, o), ctx);
  }
}

async function startDeviceAuthorization(
  opts: DeviceFlowOptions,
  client: oauth.Client,
): Promise<oauth.DeviceAuthorizationResponse> {
  const { server, transport } = opts;
  const endpoint = server.device_authorization_endpoint;
  if (typeof endpoint !== 'string' || !endpoint) {
    throw protocolError(
      `${server.issuer} does not offer the device authorization grant (no device_authorization_endpoint).`,
      'Log in without --device (browser), or with --no-browser to paste the redirect URL back.',
    );
  }
  const ctx: OAuthErrorContext = {
    what: 'the device authorization endpoint',
    grant: 'device_code',
    ...opts.errors,
  };
  const policy: RequestPolicy = { what: ctx.what, retryable: true };
  const params = targetParams(opts.target);
  params.set('scope', opts.target.scope);
  try {
    const res = await withRetries(
      () =>
        oauth.deviceAuthorizationRequest(
          server,
          client,
          opts.clientAuth ?? oauth.None(),
          params,
          httpOptions(endpoint, transport, policy),
        ),
      transport,
      policy,
    );
    const peek = await peekJson(res);
    if (typeof peek?.device_code === 'string') registerSecret(peek.device_code);
    return await oauth.processDeviceAuthorizationResponse(server, client, res);
  } catch (e) {
    throw await mapOAuthError(e, ctx);
  }
}

/** The polling answers that are not failures (RFC 8628 §3.5), read before oauth4webapi sees them. */
async function pendingError(res: Response): Promise<string | undefined> {
  if (res.status === 200) return undefined;
  const error = (await peekJson(res))?.error;
  if (
    error === 'authorization_pending' ||
    error === 'slow_down' ||
    error === 'expired_token' ||
    error === 'access_denied'
  ) {
    await res.body?.cancel();
    return error;
  }
  return undefined;
}

/** Only a URL a person can safely open: https, or http on loopback (test servers). */
function checkedUri(uri: string): string {
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  if (url && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
    return url.href;
  }
  throw protocolError(`The server sent a verification URI that is not an https URL: ${serverText(uri, 80)}.`);
}

function timedOut(ms: number) {
  return authError(
    `The sign-in was not approved within ${describeDuration(ms)}.`,
    "Run 'tokenrelay auth login --device' again; --login-timeout sets how long to wait.",
  );
}

function expired() {
  return authError(
    'The device code expired before the sign-in was approved (expired_token).',
    "Run 'tokenrelay auth login --device' again and enter the new code sooner.",
  );
}
