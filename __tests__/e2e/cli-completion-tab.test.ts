/**
 * Completion as a person uses it: the script from `tokenrelay completion SHELL` loaded into a
 * real bash, zsh and fish inside tmux (a server on this test's own socket), a line typed, Tab
 * pressed, and the screen read back. Values of the options that have them, file names, a
 * command after `run --`, and what is stored on this machine: its environments (from the
 * credential store) and its config profiles.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOnPath } from '../../test-support/cli-on-path.ts';
import { cliScript, tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { useServers } from '../../test-support/servers.ts';
import { cli, type Machine, machine } from './auth-session-fixtures.ts';

const servers = useServers();
const socket = join(tempDir('tmux'), 'socket');
const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let m: Machine;
let bin = '';
let environment = '';
beforeAll(async () => {
  m = machine();
  bin = cliOnPath(cliScript());
  // A stored environment (the file store: no D-Bus here) and two config profiles.
  const login = await cli(
    m,
    ['auth', 'login', '--api-url', servers.api.url, '--token-stdin', '--insecure-storage'],
    {},
    TEST_API_KEYS.alicePat,
  );
  expect(login.code, login.stderr).toBe(0);
  environment = servers.api.url;
  writeFileSync(join(m.configDir, 'config.toml'), '[profiles.prod]\nissuer = "https://auth.example.com"\n', {
    mode: 0o600,
  });
  chmodSync(m.configDir, 0o700);
  // What the file-name cases complete to.
  writeFileSync(join(m.cwd, 'backup.jwe'), '');
  writeFileSync(join(m.cwd, 'notes.txt'), '');
  mkdirSync(join(m.cwd, 'cachedir'));
}, 60_000);
afterAll(() => {
  try {
    tmux('kill-server'); // only the server on this test's own socket
  } catch {
    // never started
  }
});

const SHELLS = {
  bash: { argv: ['bash', '--norc', '--noprofile'], load: (f: string) => `source ${f}` },
  zsh: { argv: ['zsh', '-f'], load: (f: string) => `source ${f}` },
  fish: {
    argv: ['fish', '--no-config'],
    load: (f: string) => `source ${f}; function fish_prompt; echo '$ '; end`,
  },
} as const;

/** The pane's text until `want` shows (or the deadline passes, then it fails with the screen). */
async function screenShows(session: string, want: string): Promise<string> {
  let screen = '';
  for (let waited = 0; waited < 8000; waited += 100) {
    screen = tmux('capture-pane', '-p', '-J', '-t', session);
    if (screen.includes(want)) return screen;
    await sleep(100);
  }
  return screen;
}

/** Waits until the pane's last line is the prompt alone, nothing typed after it. */
async function barePrompt(session: string): Promise<void> {
  for (let waited = 0; waited < 8000; waited += 50) {
    const lines = tmux('capture-pane', '-p', '-J', '-t', session).trimEnd().split('\n');
    if (lines.at(-1)?.trim() === '$') return;
    await sleep(50);
  }
  throw new Error(`${session}: no bare prompt after Ctrl-C`);
}

/** Types `line` at a fresh prompt, presses Tab, and says whether the screen came to show `want`. */
async function tab(session: string, line: string, want: string): Promise<string> {
  tmux('send-keys', '-t', session, 'C-c');
  // Typed before the shell took the Ctrl-C, 'clear' would join the last line and Enter would run
  // it (`tokenrelay auth token --cache-dirclear` prints the stored token): wait for a bare prompt.
  await barePrompt(session);
  tmux('send-keys', '-t', session, 'clear', 'Enter');
  await screenShows(session, '$');
  await sleep(150);
  tmux('send-keys', '-t', session, '-l', line);
  tmux('send-keys', '-t', session, 'Tab');
  return screenShows(session, want);
}

describe.each(Object.keys(SHELLS) as (keyof typeof SHELLS)[])('Tab in a real %s', (shell) => {
  it('completes values, files, stored environments and profiles, and the command after run --', async () => {
    const script = join(m.home, `tokenrelay.${shell}`);
    const generated = await cli(m, ['completion', shell]);
    expect(generated.code, generated.stderr).toBe(0);
    writeFileSync(script, generated.stdout);
    const env = [
      `HOME=${m.home}`,
      `TOKENRELAY_CONFIG_DIR=${m.configDir}`,
      `PATH=${bin}:/usr/bin:/bin`,
      'TERM=xterm',
      'PS1=$ ',
      'LANG=C.UTF-8',
    ];
    tmux(
      'new-session',
      '-d',
      '-s',
      shell,
      '-x',
      '220',
      '-y',
      '50',
      '-c',
      m.cwd,
      'env',
      '-i',
      ...env,
      ...SHELLS[shell].argv,
    );
    // Loaded (zsh's compinit takes a while the first time) before the first Ctrl-C could cut it short.
    tmux('send-keys', '-t', shell, `${SHELLS[shell].load(script)}; echo load""ed`, 'Enter');
    expect(await screenShows(shell, '\nloaded'), `${shell} did not load the script`).toContain('\nloaded');

    // Each line has one completion, so one Tab inserts it in every shell.
    const cases: [string, string][] = [
      ['tokenrelay auth export --file back', 'tokenrelay auth export --file backup.jwe'],
      ['tokenrelay run -- ech', 'tokenrelay run -- echo'],
      ['tokenrelay exchange --federation jwt', 'tokenrelay exchange --federation jwt-bearer'],
      ['tokenrelay exchange --client-auth private', 'tokenrelay exchange --client-auth private_key_jwt'],
      ['tokenrelay exchange --grant client', 'tokenrelay exchange --grant client-credentials'],
      ['tokenrelay exchange --export gitl', 'tokenrelay exchange --export gitlab-dotenv='],
      ['tokenrelay auth token --cache-d', 'tokenrelay auth token --cache-dir'],
      ['tokenrelay exchange --cache-dir cache', 'tokenrelay exchange --cache-dir cachedir'],
      ['tokenrelay auth status --environment http', `tokenrelay auth status --environment ${environment}`],
      ['tokenrelay exchange --profile pr', 'tokenrelay exchange --profile prod'],
    ];
    const screens: Record<string, string> = {};
    for (const [typed, want] of cases) {
      const screen = await tab(shell, typed, want);
      screens[typed] = screen;
      expect(screen, `${shell}: ${typed}<Tab>`).toContain(want);
    }
    tmux('kill-session', '-t', shell);
    // The screens and the script: the stored token itself is in credentials.json by design.
    assertNoLeaks({
      secrets: { pat: TEST_API_KEYS.alicePat },
      texts: { ...screens, script: generated.stdout },
    });
  }, 120_000);
});
