/**
 * `auth login --no-browser` (paste-back, for SSH): in a real terminal (tmux) with a pasted
 * redirect URL, and through a pipe with a bare code. The browser's final redirect goes to
 * a 127.0.0.1 listener that does not exist; the person copies that URL instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithBrowser } from '../../test-support/browser.ts';
import { cliScript, startCli, tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import { completeBrowserLogin } from '../../test-support/provider-login.ts';

let provider: TestProvider;
let browser: Browser;
// A server of its own on a socket in a temp dir: the user's tmux is never touched.
const socket = join(tempDir('tmux'), 'socket');
const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });

beforeAll(async () => {
  provider = await startProvider();
  browser = await launchBrowser();
});

afterAll(async () => {
  try {
    tmux('kill-server'); // only the server on this test's own socket
    rmSync(socket, { force: true });
  } catch {
    // already gone
  }
  await browser?.close();
  await provider?.close();
});

const args = () => [
  'auth',
  'login',
  '--no-browser',
  '--issuer',
  provider.issuer,
  '--client-id',
  provider.clients.native.clientId,
  '--insecure-storage',
];

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stored(configDir: string) {
  const file = JSON.parse(readFileSync(join(configDir, 'credentials.json'), 'utf8'));
  return file.credentials[provider.issuer].oauth as Record<string, string>;
}

const tokensOf = (s: Record<string, string>) => ({
  access: s.accessToken!,
  refresh: s.refreshToken!,
  id: s.idToken!,
});

describe('auth login --no-browser', () => {
  it('takes the redirect URL pasted into a real terminal (tmux)', async () => {
    const home = tempDir('home');
    const cwd = tempDir('workspace');
    const configDir = join(home, 'config');
    const exitFile = join(home, 'exit-code');
    const script = join(home, 'run.sh');
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `cd ${quote(cwd)}`,
        `env -i PATH=${quote(process.env.PATH ?? '')} HOME=${quote(home)} LANG=C.UTF-8 TOKENRELAY_CONFIG_DIR=${quote(configDir)} ` +
          `${quote(process.execPath)} ${quote(cliScript())} ${args().map(quote).join(' ')}`,
        `echo $? > ${quote(exitFile)}`,
        'sleep 120',
      ].join('\n'),
      { mode: 0o755 },
    );
    tmux('new-session', '-d', '-s', 'paste', '-x', '400', '-y', '60', script);
    const pane = () => tmux('capture-pane', '-p', '-J', '-t', 'paste');

    const authUrl = await until(
      'the authorization URL in the pane',
      () => pane().match(/(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)/)?.[1],
    );
    await until('the paste prompt', () => (/Paste the URL/.test(pane()) ? true : undefined));
    const redirectUri = new URL(authUrl).searchParams.get('redirect_uri')!;

    const page = await browser.newPage();
    let landed: string | undefined;
    // page.route does not see requests a server redirect starts, so the redirect is caught
    // as a request; nothing listens on its port, so the browser then shows its error page.
    page.on('request', (request) => {
      if (request.url().startsWith(redirectUri)) landed = request.url();
    });
    await signInWithBrowser(page, authUrl, { done: () => landed !== undefined });
    await page.close();
    expect(landed, `${authUrl}\n${pane()}`).toMatch(/[?&]code=/);

    tmux('send-keys', '-t', 'paste', '-l', landed!);
    tmux('send-keys', '-t', 'paste', 'Enter');
    const code = await until('the CLI to exit', () =>
      existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() : undefined,
    );
    const screen = pane();
    expect(code, screen).toBe('0');
    expect(screen).toContain(`Logged in to ${provider.issuer} as alice.`);

    const session = stored(configDir);
    expect(session.clientId).toBe('cli-native');
    // offline_access with prompt=consent: the strict provider then issues a refresh token.
    expect(new URL(authUrl).searchParams.get('prompt')).toBe('consent');
    expect(typeof session.refreshToken).toBe('string');
    assertNoLeaks({ secrets: tokensOf(session), texts: { terminal: screen }, dirs: [cwd] });
  }, 60_000);

  it('takes a bare code from a pipe', async () => {
    const home = tempDir('home');
    const cwd = tempDir('workspace');
    const configDir = join(home, 'config');
    const cli = startCli(args(), { cwd, home, env: { TOKENRELAY_CONFIG_DIR: configDir } });
    const [authUrl] = await cli.waitForStderr(/http:\/\/127\.0\.0\.1:\d+\/auth\?\S+/);
    await cli.waitForStderr(/Paste the URL/);

    const { redirect } = await completeBrowserLogin(authUrl);
    const code = redirect!.searchParams.get('code')!;
    cli.child.stdin.end(`${code}\n`);
    const result = await cli.exited;

    expect(result.code, result.stderr).toBe(0);
    const session = stored(configDir);
    assertNoLeaks({
      secrets: { ...tokensOf(session), code },
      texts: { stdout: result.stdout, stderr: result.stderr },
      dirs: [cwd],
    });
  }, 60_000);

  it('refuses a pasted URL from another attempt and asks again', async () => {
    const home = tempDir('home');
    const cli = startCli(args(), { cwd: home, home, env: { TOKENRELAY_CONFIG_DIR: join(home, 'config') } });
    const [authUrl] = await cli.waitForStderr(/http:\/\/127\.0\.0\.1:\d+\/auth\?\S+/);
    const redirectUri = new URL(authUrl).searchParams.get('redirect_uri')!;
    cli.child.stdin.write(`${redirectUri}?code=stolen-code-123&state=another-attempt\n`);
    await cli.waitForStderr(/another login attempt/);
    cli.child.stdin.end();
    const result = await cli.exited;

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No redirect URL or code was pasted');
    expect(provider.tokenRequests().some((r) => r.form?.code === 'stolen-code-123')).toBe(false);
  }, 30_000);
});
