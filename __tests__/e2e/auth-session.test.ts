/**
 * After `auth login`: `auth status`, `auth token` and `auth logout` on the CLI as a child
 * process, against the real provider, with sessions seeded by a real device-flow login into
 * the file store. Every run goes through the leak scanner.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  stored,
  storedSecrets,
} from './auth-session-fixtures.ts';

const servers = useServers();

const apiEnv = () => ({ TOKENRELAY_API_URL: servers.api.url, TOKENRELAY_ISSUER: servers.provider.issuer });
const NOT_AUTHENTICATED = "Not authenticated. Run 'tokenrelay auth login' or set --token / TOKENRELAY_TOKEN.";

describe('auth status and auth token on a stored session', () => {
  it('status names the session, redacts the token; auth token answers without the network', async () => {
    const m = machine();
    const loggedIn = await login(m, servers.provider, { apiUrl: servers.api.url });
    const session = stored(m, servers.api.url, 'oauth')!;
    const access = String(session.accessToken);

    const text = await cli(m, ['auth', 'status'], apiEnv());
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain(`Environment:   ${servers.api.url}\n`);
    expect(text.stdout).toContain('Authenticated: OAuth session\n');
    expect(text.stdout).toMatch(/Source: +stored session \(file \S*credentials\.json\)\n/);
    expect(text.stdout).toContain('Identity:      alice (Alice');
    expect(text.stdout).toContain(`Token:         ${access.slice(0, 4)}…${access.slice(-4)}\n`);
    expect(text.stdout).toMatch(/Expires: +\d{4}-\d\d-\d\dT\S+Z \(in \d+ min\)\n/);
    expect(text.stdout).toContain(
      `Status:        Valid (checked against ${new URL(servers.api.url).host} just now)\n`,
    );
    expect(text.stdout).toMatch(/Storage: +file — \S*credentials\.json \(no OS keychain: no D-Bus session/);

    const json = await cli(m, ['auth', 'status', '--json'], apiEnv());
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({
      authenticated: true,
      how: 'OAuth session',
      source: 'stored-session',
      environment: servers.api.url,
      state: 'valid',
      refreshable: true,
      token_redacted: `${access.slice(0, 4)}…${access.slice(-4)}`,
      storage: { backend: 'file', location: credentialsFile(m) },
    });
    expect(report.identity.login).toBe('alice');

    servers.provider.resetRecords();
    const token = await cli(m, ['auth', 'token'], apiEnv());
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toBe(`${access}\n`);
    expect(token.stderr).toBe('');
    expect(servers.provider.requests).toHaveLength(0);
    await expectAccepted(servers.api, access);

    // No environment configured: the only one stored is the one meant.
    const bare = await cli(m, ['auth', 'token']);
    expect(bare.stdout).toBe(`${access}\n`);
    // validate asks the same chain, then the API.
    const validated = await cli(m, ['validate'], apiEnv());
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stderr).toMatch(
      /^Valid: \S+ from stored session \(file \S+credentials\.json\) belongs to alice\n$/,
    );
    assertClean(m, storedSecrets(m), [loggedIn, text, json, token, bare, validated], [access]);
  }, 60_000);

  it('an expired session is refreshed once, the rotated refresh token saved, the new token printed', async () => {
    const m = machine();
    await login(m, servers.provider, { apiUrl: servers.api.url });
    const before = stored(m, servers.api.url, 'oauth')!;
    ageSession(m, servers.api.url, -30);

    // --offline sends nothing: the session as stored, renewed by the next real ask.
    const status = await cli(m, ['auth', 'status', '--offline'], apiEnv());
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(
      'Status:        Access token expired; not refreshed (offline), refreshed on next use\n',
    );
    expect(stored(m, servers.api.url, 'oauth')!.accessToken).toBe(before.accessToken);

    servers.provider.resetRecords();
    const run = await cli(m, ['auth', 'token'], apiEnv());
    expect(run.code, run.stderr).toBe(0);
    const after = stored(m, servers.api.url, 'oauth')!;
    expect(run.stdout).toBe(`${after.accessToken}\n`);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toEqual(expect.any(String));
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(Date.parse(String(after.expiresAt))).toBeGreaterThan(Date.now() + 60_000);
    const refreshes = servers.provider.tokenRequests().filter((r) => r.form?.grant_type === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.form?.refresh_token).toBe(before.refreshToken);
    await expectAccepted(servers.api, String(after.accessToken));

    servers.provider.resetRecords();
    const again = await cli(m, ['auth', 'token'], apiEnv());
    expect(again.stdout).toBe(run.stdout);
    expect(servers.provider.requests).toHaveLength(0);
    const secrets = {
      ...storedSecrets(m),
      oldAccess: String(before.accessToken),
      oldRefresh: String(before.refreshToken),
    };
    assertClean(m, secrets, [status, run, again], [String(after.accessToken)]);
  }, 60_000);
});

describe('precedence and logout', () => {
  it('a saved token beats the session; logout revokes the session and keeps the token; --all removes it', async () => {
    const m = machine();
    await login(m, servers.provider, { apiUrl: servers.api.url });
    const session = stored(m, servers.api.url, 'oauth')!;
    const saved = await cli(
      m,
      ['auth', 'login', '--token-stdin', '--insecure-storage'],
      apiEnv(),
      TEST_API_KEYS.alicePat,
    );
    expect(saved.code, saved.stderr).toBe(0);

    const token = await cli(m, ['auth', 'token'], apiEnv());
    expect(token.stdout).toBe(`${TEST_API_KEYS.alicePat}\n`);
    const status = await cli(m, ['auth', 'status', '--json'], apiEnv());
    expect(JSON.parse(status.stdout)).toMatchObject({ source: 'stored-token', how: 'saved API token' });

    servers.provider.resetRecords();
    // Logout removes what login saved: the session and the token saved with --token-stdin.
    const out = await cli(m, ['auth', 'logout'], apiEnv());
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(
      `Logged out of ${servers.api.url}: removed the OAuth session and the saved API token from`,
    );
    expect(out.stderr).toContain('The refresh token was revoked at the server.');
    expect(out.stderr).not.toContain('kept');
    expect(servers.provider.revoked).toEqual([session.refreshToken]);
    expect(existsSync(credentialsFile(m))).toBe(false);

    // --all, the old "the token too", is no longer needed: said, and nothing more is removed.
    const all = await cli(m, ['auth', 'logout', '--all'], apiEnv());
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toContain('--all is deprecated and no longer needed');
    const none = await cli(m, ['auth', 'token'], apiEnv());
    expect(none.code).toBe(4);
    expect(none.stderr).toBe(`tokenrelay: ${NOT_AUTHENTICATED}\n`);
    const noStatus = await cli(m, ['auth', 'status'], apiEnv());
    expect(noStatus.code).toBe(4);
    expect(noStatus.stderr).toBe(`tokenrelay: ${NOT_AUTHENTICATED}\n`);

    const secrets = {
      access: String(session.accessToken),
      refresh: String(session.refreshToken),
      pat: TEST_API_KEYS.alicePat,
    };
    assertClean(m, secrets, [saved, status, out, all, none, noStatus]);
  }, 60_000);

  it('logout still removes the session when the server cannot be reached, and says so', async () => {
    const m = machine();
    await login(m, servers.provider, { apiUrl: servers.api.url });
    const session = stored(m, servers.api.url, 'oauth')!;
    const doc = JSON.parse(readFileSync(credentialsFile(m), 'utf8'));
    // A revocation endpoint nothing listens on: connection refused.
    doc.credentials[servers.api.url].oauth.revocationEndpoint = 'http://127.0.0.1:9/revoke';
    writeFileSync(credentialsFile(m), JSON.stringify(doc), { mode: 0o600 });
    const out = await cli(m, ['auth', 'logout', '--retries', '0'], apiEnv());
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(
      /Could not revoke the token: .*The session for \S+ \(its access and refresh tokens\) was removed from this machine\./,
    );
    expect(existsSync(credentialsFile(m))).toBe(false);
    assertClean(m, { access: String(session.accessToken), refresh: String(session.refreshToken) }, [out]);
  }, 60_000);

  it('a truncated credentials.json: auth token exits 6 naming the backup; logout still works', async () => {
    const m = machine();
    await login(m, servers.provider, { apiUrl: servers.api.url });
    const secrets = storedSecrets(m);
    const truncated = readFileSync(credentialsFile(m), 'utf8').slice(0, 120);
    writeFileSync(credentialsFile(m), truncated, { mode: 0o600 });

    const token = await cli(m, ['auth', 'token'], apiEnv());
    expect(token.code).toBe(6);
    const backups = () => readdirSync(m.configDir).filter((f) => f.startsWith('credentials.json.corrupt-'));
    expect(backups()).toHaveLength(1);
    expect(token.stderr).toContain(`it was moved to ${m.configDir}/${backups()[0]}`);
    expect(token.stderr).toContain("Run 'tokenrelay auth login' again.");

    writeFileSync(credentialsFile(m), truncated, { mode: 0o600 });
    const out = await cli(m, ['auth', 'logout'], apiEnv());
    expect(out.code, out.stderr).toBe(0);
    expect(backups()).toHaveLength(2);
    expect(out.stderr).toMatch(/was not valid JSON; it was moved to \S+credentials\.json\.corrupt-/);
    expect(out.stderr).toContain(`Not logged in to ${servers.api.url}; nothing was removed from `);
    expect(existsSync(credentialsFile(m))).toBe(false);
    assertClean(m, secrets, [token, out]);
  }, 60_000);
});
