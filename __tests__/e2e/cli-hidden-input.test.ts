/**
 * Issue 19 item 6: a secret pasted at a terminal is not echoed (as `vault login` asks:
 * "will be hidden"), Enter ends it; piped stdin works as it always did. Run on a real
 * pseudo-terminal (test-support/pty.ts), where the kernel's line discipline would echo
 * every key unless tokenrelay turns echo off. Everything the terminal showed is leak-scanned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { type ProfileApi, startProfileApi, TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { startInPty } from '../../test-support/pty.ts';
import { CLI, newHome, runCli } from '../../test-support/run-cli.ts';

let api: ProfileApi;
beforeAll(async () => {
  api = await startProfileApi();
});
afterAll(() => api?.close());

const pat = () => TEST_API_KEYS.alicePat;

async function atTerminal(args: string[], typed: string) {
  const home = newHome();
  const pty = startInPty([process.execPath, CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, LANG: 'C.UTF-8' },
    cwd: home,
  });
  await pty.waitFor(/it will be hidden\), then press Enter: /);
  pty.type(typed);
  return pty.exited;
}

describe('a secret pasted at a terminal', () => {
  it('validate --token-stdin: the pasted token is not echoed, and Enter ends it', async () => {
    const done = await atTerminal(['validate', '--api-url', api.url, '--token-stdin'], `${pat()}\r`);
    expect(done.screen).toContain('Paste the token (it will be hidden), then press Enter: ');
    expect(done.screen).toMatch(/Valid: \S+ from --token-stdin belongs to alice/);
    expect(done.code, done.screen).toBe(0);
    assertNoLeaks({ secrets: { pat: pat() }, texts: { screen: done.screen } });
  });

  it('Backspace erases a mistyped character; Ctrl-C cancels with nothing sent', async () => {
    const fixed = await atTerminal(['validate', '--api-url', api.url, '--token-stdin'], `${pat()}x\x7f\r`);
    expect(fixed.code, fixed.screen).toBe(0);
    const before = api.requests.length;
    const cancelled = await atTerminal(
      ['validate', '--api-url', api.url, '--token-stdin'],
      `${pat().slice(0, 8)}\x03`,
    );
    expect(cancelled.code).toBe(2);
    expect(cancelled.screen).toContain('Cancelled.');
    expect(api.requests.length).toBe(before);
    for (const done of [fixed, cancelled]) {
      assertNoLeaks({ secrets: { pat: pat() }, texts: { screen: done.screen } });
    }
  });

  it('auth token --token-stdin at a terminal: the token is printed once, as asked, never echoed', async () => {
    const done = await atTerminal(['auth', 'token', '--token-stdin'], `${pat()}\r`);
    expect(done.code, done.screen).toBe(0);
    // The answer itself, on its own line after the prompt; not a second time as typed.
    expect(done.screen.split(pat()).length - 1).toBe(1);
    expect(done.screen).toMatch(new RegExp(`Enter: \\r?\\n${pat()}\\r?\\n`));
  });

  it('piped stdin is read to its end, as before', async () => {
    const run = await runCli(['validate', '--api-url', api.url, '--token-stdin'], { stdin: `${pat()}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^Valid: \S+ from --token-stdin belongs to alice\n$/);
    assertNoLeaks({ secrets: { pat: pat() }, texts: { stdout: run.stdout, stderr: run.stderr } });
    const empty = await runCli(['validate', '--api-url', api.url, '--token-stdin'], { stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('No token on stdin.');
  });
});
