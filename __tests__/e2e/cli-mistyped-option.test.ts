/**
 * A mistyped option is where a secret ends up unregistered: `--tokne=…` is not a secret flag,
 * so nothing would scrub it. The committed CLI bundle names the option only, never its value.
 */
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { runCli } from '../../test-support/run-cli.ts';

const SECRET = 'tr_pat_mistyped-9f8e7d6c5b4a3210';

describe('a mistyped option never echoes its value', () => {
  it.each([
    [['auth', 'token', `--tokne=${SECRET}`], "unknown option '--tokne'"],
    [['exchange', `--client_secret=${SECRET}`], "unknown option '--client_secret'"],
    [['exchange', `--client-secrte=${SECRET}`], "unknown option '--client-secrte'"],
    [['validate', '--tokne', SECRET], "unknown option '--tokne'"],
    [['auth', 'status', `-x${SECRET}`], "unknown option '-x'"],
    [['validate', SECRET], "too many arguments for 'validate': expected 0, got 1"],
  ])('%j: exit 2, names the option only', async (args, named) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(named);
    expect(run.stdout).toBe('');
    assertNoLeaks({ secrets: { SECRET }, texts: { stdout: run.stdout, stderr: run.stderr } });
  });
});

describe('commands people bring from other CLIs', () => {
  it.each([
    'login',
    'logout',
    'status',
    'token',
  ])("tokenrelay %s: exit 2, pointing at 'tokenrelay auth %s'", async (word) => {
    const run = await runCli([word]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: unknown command '${word}'. Did you mean 'tokenrelay auth ${word}'?`);
    expect(run.stdout).toBe('');
    assertNoLeaks({ secrets: { SECRET }, texts: { stdout: run.stdout, stderr: run.stderr } });
  });

  it('tokenrelay version prints the version, as --version does (and --json)', async () => {
    const flag = await runCli(['--version']);
    const word = await runCli(['version']);
    expect(word.code, word.stderr).toBe(0);
    expect(word.stdout).toBe(flag.stdout);
    expect(word.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    const json = await runCli(['version', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ version: word.stdout.trim() });
    assertNoLeaks({ secrets: { SECRET }, texts: { stdout: word.stdout + json.stdout, stderr: word.stderr } });
  });

  it('a token pasted where the command goes is not echoed', async () => {
    const run = await runCli([SECRET]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command (not shown: it may be a secret)');
    assertNoLeaks({ secrets: { SECRET }, texts: { stdout: run.stdout, stderr: run.stderr } });
  });
});
