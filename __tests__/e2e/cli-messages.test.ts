/**
 * What the CLI says when things go wrong: the next step for an unreachable server, its own
 * spellings for missing settings, no stack traces for ordinary errors, and one logout report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fault } from '../../test-support/fault-front.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';
import { cli, machine } from './auth-session-fixtures.ts';

const front = useFaultFront();

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('CLI messages', () => {
  it('exit 5 says what to try next: the URL, proxy or VPN, --timeout-seconds, --retries', async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}`;
    const env = { TOKENRELAY_CLIENT_SECRET: 'not-a-real-secret-0123' };
    const args = ['exchange', '--issuer', issuer, '--client-id', 'svc', '--retries', '0'];
    const run = await cli(machine(), args, env);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/connection refused/);
    for (const step of ['proxy', 'VPN', '--timeout-seconds', '--retries']) expect(run.stderr).toContain(step);
    const json = await cli(machine(), [...args, '--json'], env);
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stdout).error.next_step).toMatch(/--timeout-seconds.*--retries/);
  });

  it('a 429 with X-Retry-After past the budget: one request, exit 5 at once, when to retry, no network checklist', async () => {
    const secret = 'rate-limited-s3cret-0123';
    front.enqueue(fault.json(429, { error: 'rate_limited' }, { 'x-retry-after': '60' }));
    const args = ['exchange', '--token-endpoint', `${front.url}/token`, '--client-id', 'svc'];
    const started = Date.now();
    const run = await cli(machine(), [...args, '--retry-budget-seconds', '20'], {
      TOKENRELAY_CLIENT_SECRET: secret,
    });
    expect(run.code).toBe(5);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(front.requests).toHaveLength(1);
    expect(run.stderr).toMatch(
      /asked us to retry after 60 s \(at \S+Z\) \(HTTP 429, X-Retry-After\); try again then\./,
    );
    expect(run.stderr).toContain('longer than the retry budget (20 s)');
    for (const step of ['proxy', 'VPN', 'HTTPS_PROXY', '--timeout-seconds'])
      expect(run.stderr).not.toContain(step);
    assertNoLeaks({ secrets: { secret }, texts: { stderr: run.stderr, stdout: run.stdout } });
  });

  it('nothing configured: exchange names CLI flags and variables, not Action inputs', async () => {
    const run = await cli(machine(), ['exchange']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a client id (--client-id or TOKENRELAY_CLIENT_ID)');
    expect(run.stderr).toContain('TOKENRELAY_CLIENT_SECRET or --client-secret-stdin');
    expect(run.stderr).toContain('--issuer or TOKENRELAY_ISSUER');
    expect(run.stderr).not.toMatch(/ \/ client-id\)|input/);
  });

  it('validate with no API URL names the CLI flag and variable', async () => {
    const run = await cli(machine(), ['validate', '--token-stdin'], {}, 'tr_pat_0123456789abcdef');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Validating a token needs the API URL. Set --api-url or TOKENRELAY_API_URL');
    expect(run.stderr).not.toContain('api-url input');
  });

  it('-v prints no stack trace for an ordinary error; TOKENRELAY_DEBUG=stack does', async () => {
    const plain = await cli(machine(), ['exchange', '-v']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('debug: ');
    expect(plain.stderr).not.toMatch(/^\s+at /m);
    const stack = await cli(machine(), ['exchange', '-v'], { TOKENRELAY_DEBUG: 'stack' });
    expect(stack.code).toBe(2);
    expect(stack.stderr).toMatch(/^\s+at /m);
  });

  it('logout with nothing stored says once what it found', async () => {
    const run = await cli(machine(), ['auth', 'logout']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Nothing to log out of: no credentials are stored in \S+credentials\.json\./);
    expect(run.stderr.match(/keychain/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});

describe('settings named the way they were given (issue 21 item 9)', () => {
  const SECRET = 'not-a-real-secret-0123';
  const exchange = ['exchange', '--issuer', 'https://idp.example.test', '--client-id', 'svc'];
  it('a bad number names the flag, the variable or the config key that carried it', async () => {
    const flag = await cli(machine(), [...exchange, '--timeout-seconds', 'soon']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(
      "tokenrelay: --timeout-seconds must be a whole number from 1 to 600, got 'soon'.",
    );
    const env = await cli(machine(), exchange, {
      TOKENRELAY_TIMEOUT_SECONDS: 'soon',
      TOKENRELAY_CLIENT_SECRET: SECRET,
    });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('tokenrelay: TOKENRELAY_TIMEOUT_SECONDS must be a whole number');
    const m = machine();
    mkdirSync(m.configDir, { recursive: true, mode: 0o700 });
    writeFileSync(
      join(m.configDir, 'config.toml'),
      'default_profile = "p"\n[profiles.p]\ntimeout_seconds = 0\n',
      {
        mode: 0o600,
      },
    );
    const config = await cli(m, exchange);
    expect(config.code).toBe(2);
    expect(config.stderr).toContain(
      "tokenrelay: timeout_seconds must be a whole number from 1 to 600, got '0'.",
    );
    assertNoLeaks({
      secrets: [SECRET],
      texts: { flag: flag.stderr, env: env.stderr, config: config.stderr },
    });
  });

  it('an empty stdin says what was missing in plain words', async () => {
    const run = await cli(machine(), ['auth', 'token', '--token-stdin'], {}, '');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('tokenrelay: No token on stdin.');
    assertNoLeaks({ secrets: [SECRET], texts: { stderr: run.stderr, stdout: run.stdout } });
  });

  it('a server that never answers: the URL is to be checked once, not twice', async () => {
    const silent = createServer(() => {}); // accepts, then says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const run = await cli(
        machine(),
        [
          'exchange',
          '--token-endpoint',
          `http://127.0.0.1:${port}/token`,
          '--client-id',
          'svc',
          '--timeout-seconds',
          '1',
          '--retries',
          '0',
        ],
        { TOKENRELAY_CLIENT_SECRET: SECRET },
      );
      expect(run.code).toBe(5);
      expect(run.stderr).toContain('did not answer within 1 s');
      expect(run.stderr.match(/check the URL/gi) ?? []).toHaveLength(1);
      assertNoLeaks({ secrets: [SECRET], texts: { stderr: run.stderr, stdout: run.stdout } });
    } finally {
      silent.close();
    }
  });
});
