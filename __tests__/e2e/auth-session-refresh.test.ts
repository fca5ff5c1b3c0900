/**
 * Refresh under load and after revocation, and environments side by side: the CLI as child
 * processes against the real provider (refresh-token rotation on), sessions from a real
 * device-flow login in the file store, every run through the leak scanner.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { useServers } from '../../test-support/servers.ts';
import {
  ageSession,
  assertClean,
  cli,
  credentialsFile,
  expectAccepted,
  login,
  machine,
  refreshRequests,
  stored,
  storedSecrets,
} from './auth-session-fixtures.ts';

const servers = useServers({ apis: 2 });

const envFor = (apiUrl: string) => ({
  TOKENRELAY_API_URL: apiUrl,
  TOKENRELAY_ISSUER: servers.provider.issuer,
});

describe('refresh', () => {
  it('20 concurrent auth token on an expiring session: one refresh request, every process a valid token', async () => {
    const m = machine();
    await login(m, servers.provider, { apiUrl: servers.api.url });
    const before = stored(m, servers.api.url, 'oauth')!;
    // Saved an hour ago, 30 s left: inside the refresh window for every process.
    ageSession(m, servers.api.url, 30);

    servers.provider.resetRecords();
    const runs = await Promise.all(
      Array.from({ length: 20 }, () => cli(m, ['auth', 'token'], envFor(servers.api.url))),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(refreshRequests(servers.provider)).toHaveLength(1);
    expect(servers.provider.tokenRequests()).toHaveLength(1);

    const after = stored(m, servers.api.url, 'oauth')!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    const printed = new Set(runs.map((r) => r.stdout));
    expect([...printed]).toEqual([`${after.accessToken}\n`]);
    await expectAccepted(servers.api, String(after.accessToken));
    const secrets = {
      ...storedSecrets(m),
      oldAccess: String(before.accessToken),
      oldRefresh: String(before.refreshToken),
    };
    assertClean(m, secrets, runs, [String(after.accessToken)]);
  }, 90_000);

  it('a refresh token revoked at the server: exit 4, log in again; the saved token elsewhere untouched', async () => {
    const m = machine();
    await login(m, servers.provider, { apiUrl: servers.api.url });
    const saved = await cli(
      m,
      ['auth', 'login', '--token-stdin', '--insecure-storage'],
      envFor(servers.apis[1]!.url),
      TEST_API_KEYS.botKey,
    );
    expect(saved.code, saved.stderr).toBe(0);
    const staticBefore = stored(m, servers.apis[1]!.url, 'static');
    const session = stored(m, servers.api.url, 'oauth')!;
    const revoked = await fetch(servers.provider.revocationEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: String(session.refreshToken),
        token_type_hint: 'refresh_token',
        client_id: servers.provider.clients.native.clientId,
      }),
    });
    expect(revoked.status).toBe(200);
    ageSession(m, servers.api.url, -10);

    servers.provider.resetRecords();
    const run = await cli(m, ['auth', 'token'], envFor(servers.api.url));
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "tokenrelay: Your session has expired or was revoked. Run 'tokenrelay auth login' again.\n",
    );
    expect(refreshRequests(servers.provider)).toHaveLength(1);
    expect(stored(m, servers.apis[1]!.url, 'static')).toEqual(staticBefore);
    const other = await cli(m, ['auth', 'token'], envFor(servers.apis[1]!.url));
    expect(other.stdout).toBe(`${TEST_API_KEYS.botKey}\n`);
    assertClean(m, storedSecrets(m), [saved, run, other], [TEST_API_KEYS.botKey]);
  }, 60_000);

  it('a session without time left whose server is down: exit 5, nothing printed, the session kept', async () => {
    const m = machine();
    await login(m, servers.provider, { apiUrl: servers.api.url });
    const doc = stored(m, servers.api.url, 'oauth')!;
    ageSession(m, servers.api.url, -10);
    const file = JSON.parse(readFileSync(credentialsFile(m), 'utf8'));
    file.credentials[servers.api.url].oauth.tokenEndpoint = 'http://127.0.0.1:9/token';
    writeFileSync(credentialsFile(m), JSON.stringify(file), { mode: 0o600 });
    const run = await cli(m, ['auth', 'token'], envFor(servers.api.url));
    expect(run.code, run.stderr).toBe(5);
    expect(run.stdout).toBe('');
    expect(stored(m, servers.api.url, 'oauth')?.refreshToken).toBe(doc.refreshToken);
    assertClean(m, storedSecrets(m), [run]);
  }, 60_000);
});

describe('environments side by side', () => {
  it('an API and an issuer-only environment each answer for themselves; logout of one keeps the other', async () => {
    const m = machine();
    await login(m, servers.provider, { apiUrl: servers.api.url });
    await login(m, servers.provider); // filed under the issuer
    const a = String(stored(m, servers.api.url, 'oauth')!.accessToken);
    const b = String(stored(m, servers.provider.issuer, 'oauth')!.accessToken);
    expect(a).not.toBe(b);

    const tokenA = await cli(m, ['auth', 'token'], { TOKENRELAY_API_URL: servers.api.url });
    const tokenB = await cli(m, ['auth', 'token'], { TOKENRELAY_ISSUER: servers.provider.issuer });
    expect(tokenA.stdout).toBe(`${a}\n`);
    expect(tokenB.stdout).toBe(`${b}\n`);
    const statusB = await cli(m, ['auth', 'status', '--json', '--issuer', servers.provider.issuer]);
    expect(JSON.parse(statusB.stdout)).toMatchObject({
      environment: servers.provider.issuer,
      source: 'stored-session',
    });

    // Two stored and none configured: the last login is the default, as gh has it.
    const bare = await cli(m, ['auth', 'token']);
    expect(bare.code, bare.stderr).toBe(0);
    expect(bare.stdout).toBe(`${b}\n`);
    // With no default (an import, an older tokenrelay) nothing is guessed: choose (2).
    rmSync(join(m.configDir, 'active-environment.json'));
    const ambiguous = await cli(m, ['auth', 'logout']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('Credentials are stored for several environments: ');
    expect(ambiguous.stderr).toContain(servers.api.url);
    expect(ambiguous.stderr).toContain(servers.provider.issuer);

    const out = await cli(m, ['auth', 'logout', '--api-url', servers.api.url]);
    expect(out.code, out.stderr).toBe(0);
    expect(stored(m, servers.api.url, 'oauth')).toBeUndefined();
    expect(stored(m, servers.provider.issuer, 'oauth')?.accessToken).toBe(b);
    const stillB = await cli(m, ['auth', 'token']);
    expect(stillB.stdout).toBe(`${b}\n`);
    assertClean(
      m,
      { a, b, ...storedSecrets(m) },
      [tokenA, tokenB, statusB, bare, ambiguous, out, stillB],
      [a, b],
    );
  }, 90_000);
});
