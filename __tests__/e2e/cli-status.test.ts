/**
 * `auth status` is honest: a token is called valid only after the API's profile endpoint
 * accepted it just now (one request), a rejected one is exit 4, --offline asks nothing, and
 * several stored environments are each shown. The CLI runs as a child process.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { useServers } from '../../test-support/servers.ts';
import { assertClean, cli, machine } from './auth-session-fixtures.ts';

const servers = useServers({ apis: 2 });
const host = (url: string) => new URL(url).host;
const garbage = 'tr_pat_garbage_0123456789abcdef';

describe('auth status checks the token against the API', () => {
  it('a token the API refuses is "Rejected" and exit 4, in text and JSON', async () => {
    const m = machine();
    const env = { TOKENRELAY_TOKEN: garbage, TOKENRELAY_API_URL: servers.api.url };
    const before = servers.api.requests.length;
    const text = await cli(m, ['auth', 'status'], env);
    expect(text.code).toBe(4);
    expect(servers.api.requests.length - before).toBe(1);
    expect(text.stdout).toContain(`Status:        Rejected by ${host(servers.api.url)} (HTTP 401)\n`);
    expect(text.stdout).not.toMatch(/Valid/);
    // The result on stdout, the problem on stderr: `auth status | grep Status` works.
    expect(text.stderr).toMatch(/^tokenrelay: .*rejected/);
    const json = await cli(m, ['auth', 'status', '--json'], env);
    expect(json.code).toBe(4);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({
      authenticated: false,
      state: 'rejected',
      check: { status: 'rejected', host: host(servers.api.url), http_status: 401 },
      error: { code: 'auth', exit_code: 4 },
    });
    expect(report.error.message).toMatch(/rejected/);
    assertClean(m, { garbage }, [text, json]);
  });

  it('an accepted token is "Valid (checked against HOST just now)"; --offline asks nothing', async () => {
    const m = machine();
    const env = { TOKENRELAY_TOKEN: TEST_API_KEYS.alicePat, TOKENRELAY_API_URL: servers.api.url };
    const text = await cli(m, ['auth', 'status'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      `Status:        Valid (checked against ${host(servers.api.url)} just now)\n`,
    );
    expect(text.stdout).toContain('Identity:      alice');
    expect(text.stderr).toBe('');
    const json = JSON.parse((await cli(m, ['auth', 'status', '--json'], env)).stdout);
    expect(json).toMatchObject({
      state: 'valid',
      check: { status: 'valid', checked_at: expect.any(String) },
    });

    const before = servers.api.requests.length;
    const offline = await cli(m, ['auth', 'status', '--offline'], env);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toContain('Status:        Not checked (offline)\n');
    const offlineJson = JSON.parse((await cli(m, ['auth', 'status', '--offline', '--json'], env)).stdout);
    expect(offlineJson).toMatchObject({
      state: 'not_checked',
      check: { status: 'not_checked', reason: 'offline' },
    });
    expect(servers.api.requests.length).toBe(before);
    assertClean(m, { pat: TEST_API_KEYS.alicePat }, [text, offline]);
  });

  it('an API that cannot be asked leaves the token "Not checked", exit 5 with the next step', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const env = { TOKENRELAY_TOKEN: garbage, TOKENRELAY_API_URL: `http://127.0.0.1:${port}` };
    const run = await cli(machine(), ['auth', 'status'], env);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain(`Status:        Not checked (127.0.0.1:${port} could not be asked)\n`);
    expect(run.stderr).toMatch(/^tokenrelay: .* Check the URL, your proxy/);
    expect(run.stdout + run.stderr).not.toMatch(/Valid/);
    const json = JSON.parse((await cli(machine(), ['auth', 'status', '--json'], env)).stdout);
    expect(json).toMatchObject({
      state: 'not_checked',
      check: { reason: 'failed' },
      error: { code: 'unavailable', exit_code: 5, next_step: expect.stringContaining('--timeout-seconds') },
    });
  });

  it('with no API URL a token is never called valid', async () => {
    const m = machine();
    const run = await cli(m, ['auth', 'status'], { TOKENRELAY_TOKEN: garbage });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Status: +Not checked \(no API URL/);
    expect(run.stdout).not.toMatch(/Valid/);
  });
});

describe('several stored environments', () => {
  it('are all listed, one block each; --api-url or --environment narrows to one', async () => {
    const m = machine();
    const [a, b] = servers.apis.map((api) => api.url) as [string, string];
    for (const url of [a, b]) {
      const saved = await cli(
        m,
        ['auth', 'login', '--api-url', url, '--token-stdin', '--insecure-storage'],
        {},
        TEST_API_KEYS.alicePat,
      );
      expect(saved.code, saved.stderr).toBe(0);
    }
    const all = await cli(m, ['auth', 'status']);
    expect(all.code, all.stderr).toBe(0);
    const [first, second] = [a, b].sort() as [string, string];
    // The last login (b) is the active environment.
    const head = (url: string) => `${url}${url === b ? ' (active)' : ''}\n  Environment:   ${url}\n`;
    expect(all.stdout.startsWith(head(first))).toBe(true);
    expect(all.stdout).toContain(`\n\n${head(second)}`);
    expect(all.stdout).toContain(`  Status:        Valid (checked against ${host(a)} just now)\n`);
    expect(all.stdout).toContain(`  Status:        Valid (checked against ${host(b)} just now)\n`);
    const json = JSON.parse((await cli(m, ['auth', 'status', '--json', '--offline'])).stdout);
    expect(json.environments.map((e: { environment: string }) => e.environment)).toEqual([a, b].sort());

    const narrowed = JSON.parse((await cli(m, ['auth', 'status', '--json', '--api-url', b])).stdout);
    expect(narrowed).toMatchObject({ environment: b, state: 'valid' });
    const named = JSON.parse((await cli(m, ['auth', 'status', '--json', '--environment', a])).stdout);
    expect(named).toMatchObject({ environment: a, state: 'valid' });
    const unknown = await cli(m, ['auth', 'status', '--environment', 'https://nowhere.example.test']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Stored environments:');
    assertClean(m, { pat: TEST_API_KEYS.alicePat }, [all, unknown]);
  }, 60_000);
});
