/**
 * The same session in the OS keychain: gnome-keyring as a real Secret Service (npm test runs
 * every test inside scripts/with-keyring.sh), and the file fallback when the bus is missing.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { useServers } from '../../test-support/servers.ts';
import {
  ageSession,
  assertClean,
  cli,
  credentialsFile,
  login,
  machine,
  refreshRequests,
  stored,
} from './auth-session-fixtures.ts';

const servers = useServers();

const apiEnv = () => ({ TOKENRELAY_API_URL: servers.api.url, TOKENRELAY_ISSUER: servers.provider.issuer });
const KEYCHAIN = 'Secret Service (D-Bus), service "tokenrelay"';

function sessionBus(): string {
  const address = process.env.DBUS_SESSION_BUS_ADDRESS;
  if (!address) {
    throw new Error(
      'No D-Bus session: run through `npm test` or `bash scripts/with-keyring.sh npx vitest run …`.',
    );
  }
  return address;
}

describe('keychain', () => {
  it('login stores the session in the Secret Service; status says so; auth token reads it without the network', async () => {
    const m = machine({ DBUS_SESSION_BUS_ADDRESS: sessionBus() });
    const loggedIn = await login(m, servers.provider, { apiUrl: servers.api.url, args: [] });
    expect(loggedIn.stderr).toContain(`Stored in ${KEYCHAIN}.`);
    expect(existsSync(credentialsFile(m))).toBe(false);

    const status = await cli(m, ['auth', 'status'], apiEnv());
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('Source:        stored session (keychain)\n');
    expect(status.stdout).toContain(`Storage:       keychain — ${KEYCHAIN}\n`);
    const json = JSON.parse((await cli(m, ['auth', 'status', '--json'], apiEnv())).stdout);
    expect(json.storage).toEqual({
      backend: 'keychain',
      location: KEYCHAIN,
      fallback_reason: null,
      keychain_out_of_reach: null,
    });

    servers.provider.resetRecords();
    const token = await cli(m, ['auth', 'token'], apiEnv());
    expect(token.code, token.stderr).toBe(0);
    expect(servers.provider.requests).toHaveLength(0);
    const access = token.stdout.trim();
    expect(access.split('.')).toHaveLength(3);
    assertClean(m, { access }, [loggedIn, status, token], [access]);
    // Nothing secret on disk: the config directory holds only the keychain index and locks.
    assertNoLeaks({ secrets: { access }, dirs: [m.home] });

    // Time passes: the session, as the keychain holds it, has 30 s left.
    const store = await openStore({ env: { ...m.env, HOME: m.home }, warn: () => {}, interactive: false });
    const held = (await store.get(servers.api.url, 'oauth'))!;
    await store.put({
      ...held,
      expiresAt: new Date(Date.now() + 30_000).toISOString(),
      savedAt: '2026-01-01T00:00:00Z',
    });
    servers.provider.resetRecords();
    const runs = await Promise.all(Array.from({ length: 5 }, () => cli(m, ['auth', 'token'], apiEnv())));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(refreshRequests(servers.provider)).toHaveLength(1);
    const renewed = (await store.get(servers.api.url, 'oauth'))!;
    expect(renewed.refreshToken).not.toBe(held.refreshToken);
    expect(new Set(runs.map((r) => r.stdout))).toEqual(new Set([`${renewed.accessToken}\n`]));
    assertClean(m, { access, refresh: held.refreshToken!, renewed: renewed.refreshToken! }, runs, [
      renewed.accessToken,
    ]);

    const out = await cli(m, ['auth', 'logout'], apiEnv());
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(`removed the OAuth session from ${KEYCHAIN}.`);
    expect(servers.provider.revoked).toEqual([renewed.refreshToken]);
    expect(await store.get(servers.api.url, 'oauth')).toBeUndefined();
    expect((await cli(m, ['auth', 'token'], apiEnv())).code).toBe(4);
  }, 60_000);

  it('without a reachable bus, login falls back to credentials.json with a warning, and status says why', async () => {
    const m = machine({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' });
    const loggedIn = await login(m, servers.provider, { apiUrl: servers.api.url, args: [] });
    expect(loggedIn.stderr).toMatch(
      /No OS keychain available \(.+\); storing credentials in \S+credentials\.json \(0600\)\./,
    );
    const session = stored(m, servers.api.url, 'oauth')!;

    const status = await cli(m, ['auth', 'status'], apiEnv());
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Source: +stored session \(file \S+credentials\.json\)\n/);
    expect(status.stdout).toMatch(/Storage: +file — \S+credentials\.json \(no OS keychain: .+\)\n/);
    const token = await cli(m, ['auth', 'token'], apiEnv());
    expect(token.stdout).toBe(`${session.accessToken}\n`);
    // Reading is quiet: a cron job must not mail a warning on every run.
    expect(token.stderr).toBe('');
    // And so is a refresh, which rewrites the session in the file: the login said it once.
    ageSession(m, servers.api.url, 30);
    const refreshed = await cli(m, ['auth', 'token'], apiEnv());
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.stdout).not.toBe(`${session.accessToken}\n`);
    expect(refreshed.stderr).toBe('');
    const renewed = stored(m, servers.api.url, 'oauth')!;
    const secrets = {
      access: String(session.accessToken),
      refresh: String(session.refreshToken),
      renewedAccess: String(renewed.accessToken),
      renewedRefresh: String(renewed.refreshToken),
    };
    assertClean(m, secrets, [loggedIn, status, token, refreshed], [secrets.access, secrets.renewedAccess]);
  }, 60_000);
});
