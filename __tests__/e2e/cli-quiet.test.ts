/**
 * Success is quiet where nobody watches (issue 21 item 2): `exchange` says what it got at a
 * terminal, says nothing when stderr is a pipe or a file (cron mails every line a job
 * prints), and `-q` / `--quiet` silences it at a terminal too. Driven through a real
 * pseudo-terminal (tmux) and through pipes, cron-like (`env -i`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { useServers } from '../../test-support/servers.ts';
import { startTerminal, until } from '../../test-support/terminal.ts';
import { cli, machine } from './auth-session-fixtures.ts';

const servers = useServers();
const terminal = startTerminal();
afterAll(() => terminal.stop());

const clientEnv = () => ({
  TOKENRELAY_ISSUER: servers.provider.issuer,
  TOKENRELAY_CLIENT_ID: servers.provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: servers.provider.clients.basic.clientSecret,
});

/** Runs `exchange` in a pane with stdout to a file; the screen then holds stderr alone. */
async function atTerminal(args: string[]) {
  const m = machine(clientEnv());
  const stdout = join(tempDir('quiet'), 'stdout');
  const pane = terminal.run(['exchange', '--scope', 'read', ...args], {
    home: m.home,
    cwd: m.cwd,
    env: m.env,
    redirects: `>${stdout}`,
  });
  try {
    const code = await until('exchange to finish', () => pane.exitCode());
    return { code, screen: pane.screen().trim(), token: readFileSync(stdout, 'utf8').trim() };
  } finally {
    pane.close();
  }
}

describe('quiet on success', () => {
  it('at a terminal exchange says what it got; -q and --quiet say nothing', async () => {
    const secret = servers.provider.clients.basic.clientSecret;
    const shown = await atTerminal([]);
    expect(shown.code, shown.screen).toBe('0');
    expect(shown.screen).toMatch(
      /^Got a Bearer token \(eyJ[^)]*\) from client credentials \(cc-basic\), expires \S+Z$/,
    );
    for (const flag of ['-q', '--quiet']) {
      const quiet = await atTerminal([flag]);
      expect(quiet.code, quiet.screen).toBe('0');
      expect(quiet.screen, flag).toBe('');
      expect(quiet.token.split('.')).toHaveLength(3);
      assertNoLeaks({ secrets: [secret, quiet.token], texts: { terminal: quiet.screen } });
    }
    assertNoLeaks({ secrets: [secret, shown.token], texts: { terminal: shown.screen } });
  }, 40_000);

  it('through pipes (cron) success prints the token alone; failure still says why', async () => {
    const m = machine(clientEnv());
    const ok = await cli(m, ['exchange', '--scope', 'read']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toBe('');
    const bad = await cli(m, ['exchange', '--scope', 'read', '-q'], {
      TOKENRELAY_CLIENT_SECRET: 'wrong-secret-1234',
    });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('(invalid_client)');
    assertNoLeaks({
      secrets: [servers.provider.clients.basic.clientSecret, ok.stdout.trim(), 'wrong-secret-1234'],
      texts: { stderr: ok.stderr + bad.stderr, stdout: bad.stdout },
    });
  });
});
