/**
 * A stand-in for the API whose profile endpoint validates keys, PATs and access tokens,
 * on 127.0.0.1. It records every request (headers included) so a test can assert what
 * tokenrelay sent, and can be told to fail the next requests to exercise retries.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  defaultTokens,
  type JwtProfileResolver,
  jwtResolver,
  type Profile,
} from './profile-api-identities.ts';
import { API_RESOURCE } from './provider-clients.ts';

export type { Profile } from './profile-api-identities.ts';
export { ALICE_PROFILE, BOT_PROFILE, TEST_API_KEYS } from './profile-api-identities.ts';

export const PROFILE_PATHS = ['/api/v1/profile', '/api/profile', '/api/tokens/validate'] as const;

export interface ProfileApiOptions {
  /** Accept JWT access tokens from this issuer (keys from `${jwksIssuer}/jwks`). */
  jwksIssuer?: string;
  /** Required `aud` of those JWTs. Default: the test provider's API resource. */
  audience?: string | string[];
  port?: number;
}

export interface ProfileApiRequest {
  method: string;
  path: string;
  /** The query string without `?`, '' when none. */
  query: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface FailureOptions {
  body?: unknown;
  /** e.g. `{ 'retry-after': '1' }` with a 429 or 503. */
  headers?: Record<string, string>;
}

export interface ProfileApi {
  /** Origin, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  /** The default profile endpoint, `${url}/api/v1/profile`. */
  profileUrl: string;
  requests: ProfileApiRequest[];
  addToken(token: string, profile: Profile): void;
  /** The next `times` requests, whatever they are, answer `status` before any auth check. */
  failNext(status: number, times?: number, options?: FailureOptions): void;
  close(): Promise<void>;
}

interface Failure {
  status: number;
  remaining: number;
  options: FailureOptions;
}

type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** Bearer (or GitHub-style `token`) wins over X-API-Key; any other Authorization scheme is refused. */
function presentedToken(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^(?:bearer|token) +(\S+)\s*$/i.exec(authorization);
    return match?.[1];
  }
  const key = req.headers['x-api-key'];
  return typeof key === 'string' && key.trim() !== '' ? key.trim() : undefined;
}

const looksLikeJwt = (token: string) => token.split('.').length === 3;

export async function startProfileApi(options: ProfileApiOptions = {}): Promise<ProfileApi> {
  const tokens = defaultTokens();
  const requests: ProfileApiRequest[] = [];
  const failures: Failure[] = [];
  const resolveJwt: JwtProfileResolver | undefined = options.jwksIssuer
    ? jwtResolver(options.jwksIssuer, options.audience ?? API_RESOURCE)
    : undefined;

  async function identify(token: string): Promise<Profile | undefined> {
    const known = tokens.get(token);
    if (known) return known;
    return resolveJwt && looksLikeJwt(token) ? resolveJwt(token) : undefined;
  }

  async function handle(req: IncomingMessage, url: URL, send: Reply): Promise<void> {
    const failure = failures[0];
    if (failure) {
      if (--failure.remaining <= 0) failures.shift();
      const body = failure.options.body ?? { error: 'server_error', error_description: 'injected failure' };
      return send(failure.status, body, failure.options.headers);
    }
    if (!(PROFILE_PATHS as readonly string[]).includes(url.pathname)) {
      return send(404, { error: 'not_found' });
    }
    if (req.method !== 'GET') return send(405, { error: 'method_not_allowed' }, { allow: 'GET' });

    const token = presentedToken(req);
    const profile = token === undefined ? undefined : await identify(token);
    if (!profile) {
      return send(401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    const tenant = req.headers['x-tenant'];
    if (typeof tenant === 'string' && !profile.tenants.includes(tenant)) {
      return send(403, {
        error: 'forbidden',
        error_description: `tenant ${JSON.stringify(tenant)} is not one of this identity's tenants`,
      });
    }
    return send(200, profile);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: ProfileApiRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.slice(1),
      headers: { ...req.headers },
      status: 0,
    };
    requests.push(record);
    // Recorded before the response is written, so a test that awaited the response sees it.
    const send: Reply = (status, body, headers = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      res.end(JSON.stringify(body));
    };
    // Drain any body so keep-alive connections stay usable.
    req.resume();
    handle(req, url, send).catch((error: unknown) => send(500, { error: String(error) }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;

  return {
    url,
    profileUrl: `${url}${PROFILE_PATHS[0]}`,
    requests,
    addToken: (token, profile) => {
      tokens.set(token, profile);
    },
    failNext: (status, times = 1, failureOptions = {}) => {
      failures.push({ status, remaining: times, options: failureOptions });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
