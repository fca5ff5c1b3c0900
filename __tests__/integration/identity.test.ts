import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { validateToken } from '../../src/identity/profile-lookup.ts';
import { clientAuthentication } from '../../src/oauth/client-auth.ts';
import { clientCredentials } from '../../src/oauth/client-credentials-grant.ts';
import { serverFromTokenEndpoint } from '../../src/oauth/discovery.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { type FaultFront, fault, startFaultFront } from '../../test-support/fault-front.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import {
  ALICE_PROFILE,
  type ProfileApi,
  startProfileApi,
  TEST_API_KEYS,
} from '../../test-support/profile-api.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';

// Validating keys, PATs and access tokens against the API's profile endpoint.

const transport = { retries: 0, timeoutMs: 5000, sleep: async () => {} };
let api: ProfileApi;
let provider: TestProvider;
let front: FaultFront;

beforeAll(async () => {
  provider = await startProvider();
  api = await startProfileApi({ jwksIssuer: provider.issuer });
  front = await startFaultFront();
});
afterAll(async () => {
  await Promise.all([api.close(), provider.close(), front.close()]);
});
afterEach(() => {
  api.requests.length = 0;
  front.requests.length = 0;
  resetSecretsForTest();
});

const alice = TEST_API_KEYS.alicePat;

describe('a PAT', () => {
  it('is accepted and its identity captured', async () => {
    const identity = await validateToken({ apiUrl: api.url, token: alice, transport });
    expect(identity).toEqual({
      name: ALICE_PROFILE.name,
      email: ALICE_PROFILE.email,
      login: ALICE_PROFILE.login,
      subject: ALICE_PROFILE.sub,
      tenants: ['acme', 'globex'],
      workspaces: ['acme/main', 'globex/research'],
    });
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/profile' });
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${alice}`);
    expect(api.requests[0]!.headers['x-tenant']).toBeUndefined();
    expect(isSecret(alice)).toBe(true);
  });

  it('that the API rejects is an auth error (exit 4) naming the API, without the token', async () => {
    const wrong = 'tr_pat_NotAValidTokenAtAll000000';
    const err = await rejection(
      validateToken({ apiUrl: api.url, token: wrong, transport: { ...transport, retries: 3 } }),
    );
    expect(err.exitCode).toBe(4);
    expect(err.message).toMatch(/^The token was rejected by 127\.0\.0\.1:\d+ \(HTTP 401\)/);
    expect(err.hint).toContain("'tokenrelay auth login'");
    expect(err.describe()).not.toContain(wrong);
    expect(api.requests).toHaveLength(1);
  });

  it('names the API by apiName when given', async () => {
    const err = await rejection(
      validateToken({ apiUrl: api.url, token: 'nope-nope-nope', apiName: 'Acme API', transport }),
    );
    expect(err.message).toMatch(/^The token was rejected by Acme API \(HTTP 401\)/);
  });
});

describe('tenants and workspaces', () => {
  it('sends the tenant header and accepts a tenant the token can use', async () => {
    const identity = await validateToken({ apiUrl: api.url, token: alice, tenant: 'globex', transport });
    expect(identity.login).toBe(ALICE_PROFILE.login);
    expect(api.requests[0]!.headers['x-tenant']).toBe('globex');
  });

  it('a tenant not in the list is exit 4 naming the ones it can use', async () => {
    const err = await rejection(
      validateToken({ apiUrl: api.url, token: alice, tenant: 'initech', transport }),
    );
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe('tenant initech is not among the tenants this token can use: acme, globex.');
    // Refused with the tenant, asked once more without it to learn the list.
    expect(api.requests.map((r) => [r.status, r.headers['x-tenant']])).toEqual([
      [403, 'initech'],
      [200, undefined],
    ]);
  });

  it('a workspace not in the list is exit 4, checked even without a workspace header', async () => {
    const err = await rejection(
      validateToken({ apiUrl: api.url, token: alice, workspace: 'acme/secret', transport }),
    );
    expect(err.exitCode).toBe(4);
    expect(err.message).toContain(
      'workspace acme/secret is not among the workspaces this token can use: acme/main',
    );
  });

  it('sends a workspace header when one is configured', async () => {
    await validateToken({
      apiUrl: api.url,
      token: alice,
      workspace: 'acme/main',
      workspaceHeader: 'X-Workspace',
      transport,
    });
    expect(api.requests[0]!.headers['x-workspace']).toBe('acme/main');
  });
});

describe('retries and failures', () => {
  it('500, 500, 200 succeeds', async () => {
    api.failNext(500, 2);
    const identity = await validateToken({
      apiUrl: api.url,
      token: alice,
      transport: { ...transport, retries: 2 },
    });
    expect(identity.login).toBe(ALICE_PROFILE.login);
    expect(api.requests.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('5xx until retries run out is unavailable (exit 5)', async () => {
    api.failNext(503, 2);
    const err = await rejection(
      validateToken({ apiUrl: api.url, token: alice, transport: { ...transport, retries: 1 } }),
    );
    expect(err.exitCode).toBe(5);
  });

  it('a wrong profile path is exit 3 saying which setting to change', async () => {
    const err = await rejection(
      validateToken({ apiUrl: api.url, profilePath: '/api/v9/me', token: alice, transport }),
    );
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('has no profile endpoint at /api/v9/me (HTTP 404)');
    expect(err.hint).toContain('--profile-path');
  });

  it('an HTML page instead of a profile is exit 3', async () => {
    front.enqueue(fault.text(200, '<html>login</html>', 'text/html'));
    const err = await rejection(validateToken({ apiUrl: front.url, token: alice, transport }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/^Expected JSON from the profile endpoint of .* got text\/html \(HTTP 200\)/);
  });

  it('a 401 body echoing the token comes out scrubbed', async () => {
    front.enqueue(fault.json(401, { error: 'invalid_token', error_description: `token ${alice} revoked` }));
    const err = await rejection(validateToken({ apiUrl: front.url, token: alice, transport }));
    expect(err.message).toContain('The API said: token *** revoked.');
    assertNoLeaks({ secrets: [alice], texts: { error: err.describe() } });
  });
});

describe('headers and routes', () => {
  it('X-API-Key carries the raw token and no Authorization header', async () => {
    await validateToken({ apiUrl: api.url, token: alice, tokenHeader: 'X-API-Key', transport });
    expect(api.requests[0]!.headers['x-api-key']).toBe(alice);
    expect(api.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('routes by prefix and by JWT shape', async () => {
    const routes = [
      { prefix: 'rexec_', path: '/api/tokens/validate' },
      { jwt: true, path: '/api/profile' },
    ];
    const bot = await validateToken({ apiUrl: api.url, token: TEST_API_KEYS.botKey, routes, transport });
    expect(bot.login).toBe('release-bot');

    const { auth } = clientAuthentication({
      clientId: 'cc-post',
      clientSecret: provider.clients.post.clientSecret,
    });
    const minted = await clientCredentials({
      server: serverFromTokenEndpoint(provider.tokenEndpoint, provider.issuer),
      clientId: 'cc-post',
      clientAuth: auth,
      transport,
    });
    const machine = await validateToken({ apiUrl: api.url, token: minted.accessToken, routes, transport });
    expect(machine.subject).toBe('cc-post');

    await validateToken({ apiUrl: api.url, token: alice, routes, transport });
    expect(api.requests.map((r) => r.path)).toEqual([
      '/api/tokens/validate',
      '/api/profile',
      '/api/v1/profile',
    ]);
  });

  it('keeps a base path of the API URL', async () => {
    front.enqueue(fault.json(200, { login: 'x' }));
    await validateToken({
      apiUrl: `${front.url}/gitlab/`,
      profilePath: '/api/v4/user',
      token: alice,
      transport,
    });
    expect(front.requests[0]!.path).toBe('/gitlab/api/v4/user');
  });
});

describe('profile shapes', () => {
  it('reads nested data.user and tenants as objects', async () => {
    front.enqueue(
      fault.json(200, {
        data: {
          user: { id: 42, username: 'bob', display_name: 'Bob B' },
          tenants: [
            { id: 't-1', slug: 'acme', name: 'Acme Corp' },
            { id: 't-2', name: 'Globex' },
          ],
        },
      }),
    );
    const identity = await validateToken({ apiUrl: front.url, token: alice, tenant: 't-1', transport });
    expect(identity).toEqual({ name: 'Bob B', login: 'bob', subject: '42', tenants: ['acme', 'Globex'] });
  });
});
