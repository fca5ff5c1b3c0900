/**
 * `auth status` and `auth logout` as the app layer sees them, on the in-memory store: what
 * status reports for each source and state without sending anything, and what logout removes.
 * The CLI, the real provider and the real stores are in __tests__/e2e/auth-session*.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authStatus, type StatusDeps } from '../../src/app/auth-status.ts';
import { logout, logoutEverywhere } from '../../src/app/logout.ts';
import type { TokenChecker } from '../../src/app/status-check.ts';
import { TokenRelayError, unavailableError } from '../../src/core/errors.ts';
import { redactToken } from '../../src/core/redact.ts';
import { resolveSettings } from '../../src/core/settings.ts';
import { jwtExpiry } from '../../src/oauth/token-expiry.ts';
import { FileStore } from '../../src/store/file-store.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { OAuthRecord, StaticRecord } from '../../src/store/types.ts';

const API = 'https://api.example.test';
const NOW = Date.parse('2026-11-23T12:00:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

const session = (expiresIn: number, extra: Partial<OAuthRecord> = {}): OAuthRecord => ({
  kind: 'oauth',
  environment: API,
  savedAt: at(-3600),
  accessToken: 'access-0123456789abcdef',
  refreshToken: 'refresh-0123456789abcdef',
  expiresAt: at(expiresIn),
  tokenType: 'Bearer',
  issuer: 'https://idp.example.test',
  clientId: 'cli',
  tokenEndpoint: 'https://idp.example.test/token',
  identity: { login: 'alice' },
  ...extra,
});
const pat: StaticRecord = {
  kind: 'static',
  environment: API,
  savedAt: at(0),
  token: 'tr_pat_0123456789abcdef',
};

const settings = (env: Record<string, string>) => resolveSettings({ flags: {}, env });

/** The API as status sees it: a fake profile endpoint that knows one token. */
const checked: string[] = [];
const checker: TokenChecker = async (token) => {
  checked.push(token);
  if (token === 'rejected-0123456789') {
    throw new TokenRelayError(
      'auth',
      'The token was rejected by api.example.test (HTTP 401).',
      'Log in again.',
    );
  }
  if (token === 'unreachable-0123456789') throw unavailableError('Could not reach api.example.test.');
  return { login: 'alice-from-api' };
};

async function status(
  store: MemoryStore,
  env: Record<string, string> = { TOKENRELAY_API_URL: API },
  extra: Partial<StatusDeps> = {},
) {
  return authStatus(settings(env), env, {
    openStore: async () => store,
    redact: redactToken,
    now: () => NOW,
    checker,
    ...extra,
  });
}

describe('authStatus', () => {
  it('offline: reports a session in each state as stored, never refreshing it', async () => {
    const offline = { offline: true };
    expect(await status(new MemoryStore([session(3000)]), undefined, offline)).toMatchObject({
      how: 'OAuth session',
      source: 'stored-session',
      sourceLabel: 'stored session (memory)',
      environment: API,
      identity: { login: 'alice' },
      tokenRedacted: '(23 characters)',
      state: 'valid',
      refreshable: true,
      storage: { backend: 'memory' },
      check: { status: 'not_checked', reason: 'offline' },
    });
    expect((await status(new MemoryStore([session(100)]), undefined, offline))?.state).toBe('expiring');
    const expired = new MemoryStore([session(-100)]);
    expect(await status(expired, undefined, offline)).toMatchObject({ state: 'expired', refreshable: true });
    expect((await expired.get(API, 'oauth'))?.accessToken).toBe('access-0123456789abcdef');
    // No refresh token: known dead, as `auth token` finds it (exit 4).
    const dead = await status(new MemoryStore([session(-100, { refreshToken: undefined })]));
    expect(dead).toMatchObject({
      source: 'stored-session',
      state: 'expired',
      refreshable: false,
      check: { status: 'not_checked', reason: 'expired' },
    });
    expect(dead?.check && 'error' in dead.check ? dead.check.error?.exitCode : undefined).toBe(4);
  });

  it('names the saved token before the session, and passes over an expired variable as auth token does', async () => {
    const store = new MemoryStore([session(3000), pat]);
    expect(await status(store)).toMatchObject({
      source: 'stored-token',
      how: 'saved API token',
      state: 'unknown',
    });
    const jwt = `x.${Buffer.from(JSON.stringify({ exp: NOW / 1000 - 5 })).toString('base64url')}.y`;
    const fromEnv = await status(store, { TOKENRELAY_API_URL: API, TOKENRELAY_TOKEN: jwt });
    expect(fromEnv).toMatchObject({ source: 'stored-token', state: 'unknown' });
    expect(fromEnv?.checked.map((c) => [c.label, c.verdict.state])).toEqual([
      ['TOKENRELAY_TOKEN', 'expired'],
      ['stored token (memory)', 'live'],
    ]);
    const alone = await status(new MemoryStore(), { TOKENRELAY_API_URL: API, TOKENRELAY_TOKEN: jwt });
    expect(alone).toMatchObject({ source: 'env', sourceLabel: 'TOKENRELAY_TOKEN', state: 'expired' });
  });

  it('offline: reports configured client credentials without minting, and nothing at all as undefined', async () => {
    const env = {
      TOKENRELAY_ISSUER: 'https://idp.example.test',
      TOKENRELAY_CLIENT_ID: 'svc',
      TOKENRELAY_CLIENT_SECRET: 'not-used-0123456789',
    };
    expect(await status(new MemoryStore(), env, { offline: true })).toMatchObject({
      source: 'client-credentials',
      state: 'configured',
      sourceLabel: 'client credentials configured (client svc at https://idp.example.test)',
    });
    expect(await status(new MemoryStore())).toBeUndefined();
  });

  it('offline: reports configured CI federation without exchanging anything', async () => {
    const env = { TOKENRELAY_ISSUER: 'https://idp.example.test', TOKENRELAY_FEDERATION: 'jwt-bearer' };
    expect(await status(new MemoryStore(), env, { offline: true })).toMatchObject({
      source: 'federation',
      state: 'configured',
      sourceLabel: 'CI federation configured (the CI token by jwt-bearer at https://idp.example.test)',
    });
  });

  it('calls a token valid only once the API accepted it, and says why not otherwise', async () => {
    checked.length = 0;
    const env = (token: string) => ({ TOKENRELAY_API_URL: API, TOKENRELAY_TOKEN: token });
    const ok = await status(new MemoryStore(), env('good-0123456789'));
    expect(ok?.check).toMatchObject({ status: 'valid', host: 'api.example.test' });
    const rejected = await status(new MemoryStore(), env('rejected-0123456789'));
    expect(rejected?.check).toMatchObject({ status: 'rejected', host: 'api.example.test', httpStatus: 401 });
    const down = await status(new MemoryStore(), env('unreachable-0123456789'));
    expect(down?.check).toMatchObject({ status: 'not_checked', reason: 'failed' });
    expect(checked).toEqual(['good-0123456789', 'rejected-0123456789', 'unreachable-0123456789']);
    const offline = await status(new MemoryStore(), env('good-0123456789'), { offline: true });
    expect(offline?.check).toEqual({ status: 'not_checked', reason: 'offline', host: 'api.example.test' });
    const noApi = await status(new MemoryStore(), { TOKENRELAY_TOKEN: 'good-0123456789' });
    expect(noApi?.check).toEqual({ status: 'not_checked', reason: 'no_api_url' });
    expect(checked).toHaveLength(3);
  });

  it('reads exp from a JWT only when it is one', () => {
    expect(jwtExpiry('opaque-token')).toBeUndefined();
    expect(jwtExpiry(`a.${Buffer.from('{"exp":1800000000}').toString('base64url')}.c`)?.getTime()).toBe(
      1.8e12,
    );
    expect(jwtExpiry('a.not-json.c')).toBeUndefined();
  });
});

describe('logout', () => {
  const req = (env: Record<string, string> = { TOKENRELAY_API_URL: API }) => ({
    settings: settings(env),
    env,
  });

  it('removes what login saved: the session and the saved token; a client registration stays', async () => {
    const warnings: string[] = [];
    const client = {
      kind: 'client' as const,
      environment: API,
      savedAt: new Date().toISOString(),
      issuer: 'https://idp.example.test',
      clientId: 'registered-1',
    };
    const store = new MemoryStore([session(3000), pat, client]);
    const deps = { openStore: async () => store, warn: (l: string) => warnings.push(l) };
    const first = await logout(req(), deps);
    expect(first).toMatchObject({ environment: API, sessionRemoved: true, tokenRemoved: true });
    // No revocation endpoint saved: said, and the session is gone all the same.
    expect(first.revocation?.ok).toBe(false);
    expect(warnings.join('\n')).toContain('names no revocation endpoint');
    expect(await store.get(API, 'oauth')).toBeUndefined();
    expect(await store.get(API, 'static')).toBeUndefined();
    expect(await store.get(API, 'client')).toBeDefined();
    const second = await logout(req(), deps);
    expect(second).toMatchObject({ sessionRemoved: false, tokenRemoved: false });
  });

  it('--all-environments logs out of each stored environment', async () => {
    const store = new MemoryStore([
      { ...pat, environment: 'https://a.example.test' },
      { ...pat, environment: 'https://b.example.test' },
    ]);
    const results = await logoutEverywhere(req({}), { openStore: async () => store, warn: () => {} });
    expect(results.map((r) => [r.environment, r.tokenRemoved])).toEqual([
      ['https://a.example.test', true],
      ['https://b.example.test', true],
    ]);
    expect(await store.list()).toEqual([]);
  });

  it('on a machine that never logged in, says so and creates nothing', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tokenrelay-logout-')), 'config');
    const store = new FileStore({ dir, warn: () => {} });
    const result = await logout(req(), { openStore: async () => store, warn: () => {} });
    expect(result).toMatchObject({ environment: API, sessionRemoved: false, tokenRemoved: false });
    expect(existsSync(dir)).toBe(false);
  });

  it('finds the only stored environment, refuses to guess between several', async () => {
    const store = new MemoryStore([session(3000, { revocationEndpoint: undefined })]);
    const deps = { openStore: async () => store, warn: () => {} };
    expect(await logout(req({}), deps)).toMatchObject({ environment: API, sessionRemoved: true });
    await store.put({ ...pat, environment: 'https://a.example.test' });
    await store.put({ ...pat, environment: 'https://b.example.test' });
    await expect(logout(req({}), deps)).rejects.toMatchObject({ exitCode: 2 });
    const none = await logout(req({}), { openStore: async () => new MemoryStore(), warn: () => {} });
    expect(none.environment).toBeUndefined();
    expect(none.sessionRemoved).toBe(false);
  });
});
