/**
 * `--json` on every command: exactly one JSON object on stdout, success or failure, the failure
 * as {"error": {code, exit_code, message, next_step}} with the same exit code as the process.
 * No secret on stdout except the `token` field of `auth token --json`.
 */
import { describe, expect, it } from 'vitest';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { useServers } from '../../test-support/servers.ts';
import { assertClean, cli, machine } from './auth-session-fixtures.ts';

const servers = useServers();
const pat = () => TEST_API_KEYS.alicePat;
const ccEnv = () => ({
  TOKENRELAY_ISSUER: servers.provider.issuer,
  TOKENRELAY_CLIENT_ID: servers.provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: servers.provider.clients.basic.clientSecret,
});

/** The whole of stdout is one JSON object. */
function one(run: { stdout: string; stderr: string }): Record<string, unknown> {
  const value = JSON.parse(run.stdout) as unknown;
  expect(typeof value === 'object' && value !== null && !Array.isArray(value), run.stdout).toBe(true);
  return value as Record<string, unknown>;
}

function expectError(run: { code: number; stdout: string; stderr: string }, code: string, exit: number) {
  expect(run.code, run.stderr).toBe(exit);
  const { error } = one(run) as { error: Record<string, unknown> };
  expect(Object.keys(error).sort()).toEqual(['code', 'exit_code', 'message', 'next_step']);
  expect(error).toMatchObject({ code, exit_code: exit });
  expect(error.message).toEqual(expect.any(String));
  expect(error.next_step).toEqual(expect.any(String));
  return error;
}

describe('--json: one object on stdout, every command', () => {
  it('exchange: the result without the token; nothing configured is an error object (2)', async () => {
    const m = machine();
    const run = await cli(m, ['exchange', '--json'], ccEnv());
    expect(run.code, run.stderr).toBe(0);
    const result = one(run);
    expect(result).toMatchObject({ method: 'client-credentials', source: 'client-credentials', files: [] });
    expect(result.token).toBeUndefined();
    expect(result.token_redacted).toMatch(/…/);
    expect(run.stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);

    const nothing = await cli(m, ['exchange', '--json']);
    const error = expectError(nothing, 'usage', 2);
    expect(error.message).toMatch(/client id/);
    const conflict = await cli(m, ['exchange', '--json', '--export', 'json'], ccEnv());
    expectError(conflict, 'usage', 2);
    assertClean(m, { secret: servers.provider.clients.basic.clientSecret }, [run, nothing, conflict]);
  });

  it('validate: valid with identity, or a rejection as an error object (4)', async () => {
    const m = machine();
    const ok = await cli(m, ['validate', '--json', '--api-url', servers.api.url], {
      TOKENRELAY_TOKEN: pat(),
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(one(ok)).toMatchObject({ valid: true, source: 'env', identity: { login: 'alice' } });
    const bad = await cli(
      m,
      ['validate', '--json', '--api-url', servers.api.url, '--token-stdin'],
      {},
      'tr_pat_nope_0123456789',
    );
    expectError(bad, 'auth', 4);
    assertClean(m, { pat: pat(), bad: 'tr_pat_nope_0123456789' }, [ok, bad]);
  });

  it('auth token: the token field; nothing configured is an error object (4)', async () => {
    const m = machine();
    const ok = await cli(m, ['auth', 'token', '--json'], { TOKENRELAY_TOKEN: pat() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(one(ok)).toMatchObject({ token: pat(), source: 'env', source_label: 'TOKENRELAY_TOKEN' });
    const none = await cli(m, ['auth', 'token', '--json']);
    const error = expectError(none, 'auth', 4);
    expect(error.message).toMatch(/^Not authenticated/);
    assertClean(m, { pat: pat() }, [ok, none], [pat()]);
  });

  it('auth login, status and logout', async () => {
    const m = machine();
    const login = await cli(
      m,
      ['auth', 'login', '--json', '--api-url', servers.api.url, '--token-stdin', '--insecure-storage'],
      {},
      pat(),
    );
    expect(login.code, login.stderr).toBe(0);
    expect(one(login)).toMatchObject({ environment: servers.api.url, method: 'token' });
    const status = await cli(m, ['auth', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(one(status)).toMatchObject({ state: 'valid', source: 'stored-token' });
    const logout = await cli(m, ['auth', 'logout', '--json']);
    expect(logout.code, logout.stderr).toBe(0);
    expect(one(logout)).toMatchObject({ environment: servers.api.url, token_removed: true });
    const none = await cli(m, ['auth', 'status', '--json']);
    expectError(none, 'auth', 4);
    const rejected = await cli(m, [
      'auth',
      'login',
      '--json',
      '--api-url',
      servers.api.url,
      '--with-token',
      'tr_pat_nope_0123456789',
    ]);
    expectError(rejected, 'auth', 4);
    assertClean(m, { pat: pat(), bad: 'tr_pat_nope_0123456789' }, [login, status, logout, none, rejected]);
  });

  it('a usage mistake commander catches is an error object too (2)', async () => {
    const run = await cli(machine(), ['auth', 'token', '--nope', '--json']);
    const error = expectError(run, 'usage', 2);
    expect(error.message).toContain("unknown option '--nope'");
  });
});
