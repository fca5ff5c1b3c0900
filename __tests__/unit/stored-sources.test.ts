/**
 * The stored sources against the in-memory store, with the refresh grant passed in: when a
 * session is refreshed, what is saved before the token is handed out, and what happens when
 * the refresh fails. The real provider and real processes are in __tests__/e2e/auth-session*.
 */
import { describe, expect, it } from 'vitest';
import { protocolError, TokenRelayError, unavailableError } from '../../src/core/errors.ts';
import { type ResolveContext, resolveToken } from '../../src/core/resolver.ts';
import { environmentKey, resolveSettings } from '../../src/core/settings.ts';
import { envSource } from '../../src/sources/explicit.ts';
import { sessionWindowSeconds } from '../../src/sources/stored.ts';
import { type SessionRefresher, storedSessionSource } from '../../src/sources/stored-session.ts';
import { storedTokenSource } from '../../src/sources/stored-token.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { OAuthRecord, StaticRecord } from '../../src/store/types.ts';

const API = 'https://api.example.test';
const NOW = Date.parse('2026-11-23T12:00:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

function session(expiresIn: number, extra: Partial<OAuthRecord> = {}): OAuthRecord {
  return {
    kind: 'oauth',
    environment: API,
    savedAt: at(-3600),
    accessToken: 'access-old-0123456789',
    refreshToken: 'refresh-old-0123456789',
    expiresAt: at(expiresIn),
    tokenType: 'Bearer',
    issuer: 'https://idp.example.test',
    clientId: 'cli',
    tokenEndpoint: 'https://idp.example.test/token',
    ...extra,
  };
}

const pat: StaticRecord = {
  kind: 'static',
  environment: API,
  savedAt: at(-60),
  token: 'tr_pat_saved_0123456789',
};

function ctx(
  env: Record<string, string> = {},
  settings: Record<string, string> = { TOKENRELAY_API_URL: API },
): ResolveContext {
  const resolved = resolveSettings({ flags: {}, env: settings });
  return { settings: resolved, env, environment: environmentKey(resolved), now: () => NOW };
}

/** A refresher that records its calls and answers with a new token good for an hour. */
function refresher(fail?: TokenRelayError) {
  const calls: OAuthRecord[] = [];
  const refresh: SessionRefresher = async (record) => {
    calls.push(record);
    if (fail) throw fail;
    return {
      ...record,
      accessToken: 'access-new-0123456789',
      refreshToken: 'refresh-new-0123456789',
      expiresAt: at(3600),
      savedAt: at(0),
    };
  };
  return { calls, refresh };
}

function sources(store: MemoryStore, refresh: SessionRefresher) {
  const open = async () => store;
  return [
    storedTokenSource({ store: open }),
    storedSessionSource({ store: open, refresher: refresh, now: () => NOW }),
  ];
}

describe('stored session', () => {
  it('hands out a token with more than the window left, without refreshing', async () => {
    const store = new MemoryStore([session(3000)]);
    const r = refresher();
    const token = await resolveToken(sources(store, r.refresh), ctx());
    expect(token).toMatchObject({
      accessToken: 'access-old-0123456789',
      source: 'stored-session',
      method: 'oauth',
    });
    expect(token.sourceLabel).toBe('stored session (memory)');
    expect(token.refreshToken).toBeUndefined();
    expect(r.calls).toHaveLength(0);
  });

  it('refreshes inside the window and saves the rotated refresh token before answering', async () => {
    const store = new MemoryStore([session(200)]);
    const r = refresher();
    const token = await resolveToken(sources(store, r.refresh), ctx());
    expect(r.calls).toHaveLength(1);
    expect(token.accessToken).toBe('access-new-0123456789');
    expect(await store.get(API, 'oauth')).toMatchObject({
      refreshToken: 'refresh-new-0123456789',
      expiresAt: at(3600),
    });
  });

  it('follows TOKENRELAY_REFRESH_WINDOW_SECONDS, capped at half the token lifetime', async () => {
    const r = refresher();
    await resolveToken(
      sources(new MemoryStore([session(200)]), r.refresh),
      ctx({}, { TOKENRELAY_API_URL: API, TOKENRELAY_REFRESH_WINDOW_SECONDS: '100' }),
    );
    expect(r.calls).toHaveLength(0);
    // A 5-minute token just issued is not refreshed on every call with the default window.
    expect(sessionWindowSeconds({ savedAt: at(0), expiresAt: at(300) }, 300)).toBe(150);
    expect(ctx().settings.refreshWindowSeconds).toBe(300);
    expect(() => ctx({}, { TOKENRELAY_REFRESH_WINDOW_SECONDS: '5m' })).toThrow(/whole number/);
  });

  it('uses what another process saved while this one waited for the lock', async () => {
    const store = new MemoryStore([session(30)]);
    const r = refresher();
    const [a, b] = await Promise.all([
      resolveToken(sources(store, r.refresh), ctx()),
      resolveToken(sources(store, r.refresh), ctx()),
    ]);
    expect(r.calls).toHaveLength(1);
    expect(a.accessToken).toBe('access-new-0123456789');
    expect(b.accessToken).toBe('access-new-0123456789');
  });

  it('keeps using a token with time left when the server cannot be reached', async () => {
    const store = new MemoryStore([session(200)]);
    const r = refresher(unavailableError('Could not reach the token endpoint.'));
    const token = await resolveToken(sources(store, r.refresh), ctx());
    expect(token.accessToken).toBe('access-old-0123456789');
  });

  it('fails when the server cannot be reached and the token is nearly out', async () => {
    const r = refresher(protocolError('The token endpoint answered HTML.'));
    await expect(
      resolveToken(sources(new MemoryStore([session(30)]), r.refresh), ctx()),
    ).rejects.toMatchObject({
      kind: 'protocol',
    });
  });

  it('never papers over a rejected refresh token, and leaves the stored records as they were', async () => {
    const store = new MemoryStore([session(200), { ...pat, environment: 'https://other.example.test' }]);
    const r = refresher(new TokenRelayError('auth', 'Your session has expired or was revoked.'));
    await expect(resolveToken(sources(store, r.refresh), ctx())).rejects.toMatchObject({ exitCode: 4 });
    expect(await store.get('https://other.example.test', 'static')).toMatchObject({ token: pat.token });
    expect(await store.get(API, 'oauth')).toMatchObject({ refreshToken: 'refresh-old-0123456789' });
  });

  it('an expired session without a refresh token is known dead: exit 4, log in again', async () => {
    const store = new MemoryStore([session(-5, { refreshToken: undefined })]);
    await expect(resolveToken(sources(store, refresher().refresh), ctx())).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringMatching(
        /^The token from stored session \(memory\) expired at \S+ \(\d+ s ago\)/,
      ),
      hint: "Run 'tokenrelay auth login' again.",
    });
  });
});

describe('stored token and precedence', () => {
  it('a saved token comes before the session of the same environment, after the environment variable', async () => {
    const store = new MemoryStore([session(3000), pat]);
    const chain = sources(store, refresher().refresh);
    expect((await resolveToken(chain, ctx())).accessToken).toBe(pat.token);
    const withEnv = await resolveToken(
      [envSource, ...chain],
      ctx({ TOKENRELAY_TOKEN: 'from-env-0123456789' }),
    );
    expect(withEnv.source).toBe('env');
  });

  it('finds what login saved under a path with capitals, and the only environment when none is configured', async () => {
    const upper = `${API}/V1`;
    const store = new MemoryStore([{ ...pat, environment: upper }]);
    const chain = sources(store, refresher().refresh);
    expect((await resolveToken(chain, ctx({}, { TOKENRELAY_API_URL: upper }))).accessToken).toBe(pat.token);
    const none: ResolveContext = {
      settings: resolveSettings({ flags: {}, env: {} }),
      env: {},
      environment: undefined,
    };
    expect((await resolveToken(chain, none)).environment).toBe(upper);
    await store.put({ ...pat, environment: 'https://two.example.test' });
    await expect(resolveToken(sources(store, refresher().refresh), { ...none })).rejects.toMatchObject({
      exitCode: 2,
    });
  });
});
