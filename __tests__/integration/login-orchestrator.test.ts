/**
 * The login orchestrator with its collaborators passed in: the real provider and profile
 * API, a memory store, and a "browser" that signs in with plain HTTP (the Chromium tests
 * in __tests__/e2e cover the real one).
 */
import { describe, expect, it } from 'vitest';
import { type LoginDeps, login } from '../../src/app/login.ts';
import { isTokenRelayError } from '../../src/core/errors.ts';
import { resolveSettings } from '../../src/core/settings.ts';
import { discover } from '../../src/oauth/discovery.ts';
import { refreshTokens } from '../../src/oauth/refresh.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { followStartUrl } from '../../test-support/login-start.ts';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { completeBrowserLogin } from '../../test-support/provider-login.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

function deps(store: MemoryStore, said: string[] = []): LoginDeps & { opened: () => number } {
  let opened = 0;
  return {
    openStore: async () => {
      opened++;
      return store;
    },
    say: (line) => said.push(line),
    debug: () => {},
    // Signs in as alice and follows the redirect to the listener, as a browser would.
    openBrowser: async (url) => {
      const { redirect } = await completeBrowserLogin(await followStartUrl(url));
      if (!redirect) throw new Error('the provider did not redirect back');
      await fetch(redirect);
      return 'test browser';
    },
    readLine: async () => undefined,
    spinner: () => ({ stop: () => {} }),
    opened: () => opened,
  };
}

const settings = (flags: Record<string, string>) => resolveSettings({ flags, env: {} });

describe('login orchestrator', () => {
  it('registers a client when none is configured (RFC 7591), caches it, and reuses it', async () => {
    const store = new MemoryStore();
    const registrations = () =>
      servers.provider.countFor(new URL(servers.provider.registrationEndpoint).pathname);
    const before = registrations();

    const first = await login(
      { settings: settings({ issuer: servers.provider.issuer }), mode: 'browser' },
      deps(store),
    );
    const client = await store.get(servers.provider.issuer, 'client');
    expect(registrations()).toBe(before + 1);
    expect(client?.clientId).toBe(first.clientId);
    expect(client?.redirectUris).toEqual(['http://127.0.0.1/callback']);

    const second = await login(
      { settings: settings({ issuer: servers.provider.issuer }), mode: 'browser' },
      deps(store),
    );
    expect(registrations()).toBe(before + 1);
    expect(second.clientId).toBe(first.clientId);
    const session = await store.get(servers.provider.issuer, 'oauth');
    expect(session?.clientId).toBe(first.clientId);
    // No api_url: the identity comes from the ID token.
    expect(session?.identity).toMatchObject({
      subject: 'alice',
      login: 'alice',
      email: 'alice@example.test',
    });
  });

  it('refreshes with rotation, and a reused refresh token ends the session (4)', async () => {
    const store = new MemoryStore();
    await login(
      { settings: settings({ issuer: servers.provider.issuer, clientId: 'cli-native' }), mode: 'browser' },
      deps(store),
    );
    const session = (await store.get(servers.provider.issuer, 'oauth'))!;
    const server = await discover(servers.provider.issuer, {});

    const refreshed = await refreshTokens({
      server,
      clientId: 'cli-native',
      refreshToken: session.refreshToken!,
      transport: {},
    });
    expect(refreshed.token.accessToken).not.toBe(session.accessToken);
    expect(refreshed.token.refreshToken).toBeDefined();
    expect(refreshed.token.refreshToken).not.toBe(session.refreshToken);
    expect(servers.provider.lastTokenRequest()?.form?.grant_type).toBe('refresh_token');

    const error = await refreshTokens({
      server,
      clientId: 'cli-native',
      refreshToken: session.refreshToken!,
      transport: {},
    }).catch((e: unknown) => e);
    expect(isTokenRelayError(error) && error.exitCode).toBe(4);
    expect(isTokenRelayError(error) && error.describe()).toBe(
      "Your session has expired or was revoked. Run 'tokenrelay auth login' again.",
    );
  });

  it('saves a token only after the profile endpoint accepts it', async () => {
    const store = new MemoryStore();
    const d = deps(store);
    const saved = await login(
      { settings: settings({ apiUrl: servers.api.url }), mode: 'token', token: TEST_API_KEYS.alicePat },
      d,
    );
    expect(saved).toMatchObject({
      method: 'token',
      environment: servers.api.url,
      identity: { login: 'alice' },
    });
    expect((await store.get(servers.api.url, 'static'))?.token).toBe(TEST_API_KEYS.alicePat);

    const empty = new MemoryStore();
    const rejecting = deps(empty);
    const error = await login(
      {
        settings: settings({ apiUrl: servers.api.url }),
        mode: 'token',
        token: 'tr_pat_not_a_real_token_123',
      },
      rejecting,
    ).catch((e: unknown) => e);
    expect(isTokenRelayError(error) && error.exitCode).toBe(4);
    expect(rejecting.opened()).toBe(0);
    expect(await empty.list()).toEqual([]);
  });

  it('captures identity, tenant and workspace from the profile endpoint when api_url is set', async () => {
    const store = new MemoryStore();
    const result = await login(
      {
        settings: settings({
          issuer: servers.provider.issuer,
          clientId: 'cli-native',
          apiUrl: servers.api.url,
          tenant: 'globex',
        }),
        mode: 'browser',
      },
      deps(store),
    );
    expect(result).toMatchObject({ environment: servers.api.url, method: 'oauth', tenant: 'globex' });
    const session = await store.get(servers.api.url, 'oauth');
    expect(session?.identity?.tenants).toEqual(['acme', 'globex']);
    expect(session?.tenant).toBe('globex');
    expect(session?.tokenEndpoint).toBe(servers.provider.tokenEndpoint);
    expect(session?.revocationEndpoint).toBe(servers.provider.revocationEndpoint);
  });
});
