/**
 * `auth login` where nobody can sign in at a browser (issue 21 item 1): cron, a CI job, a
 * pipe at both ends. It stops at once (exit 2) naming the ways that need no browser here,
 * instead of waiting out the five-minute login timeout. At a real terminal (tmux) it waits
 * for the person as before; `--device` and $BROWSER still run without one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { CC_BASIC_SECRET } from '../../test-support/provider-clients.ts';
import { useServers } from '../../test-support/servers.ts';
import { startTerminal, until } from '../../test-support/terminal.ts';
import { cli, machine } from './auth-session-fixtures.ts';

const servers = useServers();
const terminal = startTerminal();
afterAll(() => terminal.stop());

const REFUSED = 'auth login needs a person at a browser, and no terminal is attached.';
const loginArgs = () => [
  'auth',
  'login',
  '--issuer',
  servers.provider.issuer,
  '--client-id',
  servers.provider.clients.native.clientId,
  '--insecure-storage',
];

describe('auth login with nobody at a terminal', () => {
  it('refuses at once through pipes (exit 2), naming the ways without a browser, and asks no server', async () => {
    const m = machine();
    servers.provider.resetRecords();
    const started = Date.now();
    const result = await cli(m, loginArgs(), { CI: 'true', TOKENRELAY_CLIENT_SECRET: CC_BASIC_SECRET });
    expect(result.code, result.stderr).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.stderr).toContain(REFUSED);
    for (const way of ['--device', '--with-token', '--token-stdin', 'client credentials', 'BROWSER']) {
      expect(result.stderr, way).toContain(way);
    }
    expect(result.stderr).not.toContain('Waiting for the sign-in');
    expect(servers.provider.requests).toHaveLength(0);
    assertNoLeaks({ secrets: [CC_BASIC_SECRET], texts: { stdout: result.stdout, stderr: result.stderr } });
  });

  it('at a real terminal it opens the sign-in and waits; with its output sent to files it refuses', async () => {
    const m = machine();
    const atTerminal = terminal.run(loginArgs(), { home: m.home, cwd: m.cwd, env: m.env });
    try {
      const screen = await until('the login to wait at the terminal', () => {
        const text = atTerminal.screen();
        return /Waiting for the sign-in/.test(text) ? text : undefined;
      });
      expect(screen).toMatch(/http:\/\/127\.0\.0\.1:\d+\/auth\?/);
      expect(screen).not.toContain(REFUSED);
      assertNoLeaks({ texts: { terminal: screen }, secrets: [CC_BASIC_SECRET], dirs: [m.cwd] });
      expect(atTerminal.exitCode()).toBeUndefined();
    } finally {
      atTerminal.close();
    }

    const dir = tempDir('redirected');
    const err = join(dir, 'stderr');
    const redirected = terminal.run(loginArgs(), {
      home: m.home,
      cwd: m.cwd,
      env: m.env,
      redirects: `</dev/null >${join(dir, 'stdout')} 2>${err}`,
    });
    try {
      const code = await until('the redirected login to exit', () => redirected.exitCode(), 10_000);
      expect(code).toBe('2');
      expect(readFileSync(err, 'utf8')).toContain(REFUSED);
    } finally {
      redirected.close();
    }
  }, 40_000);
});
