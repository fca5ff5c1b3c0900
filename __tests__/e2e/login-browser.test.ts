/**
 * `tokenrelay auth login` end to end: the CLI as a child process, the real OpenID provider,
 * and Debian's chromium signing in through the provider's own pages. `$BROWSER` is a tiny
 * script that hands the URL to the test, so the CLI's real browser-opening path runs.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithBrowser } from '../../test-support/browser.ts';
import { fakeBrowserCommand, startCli, tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { ALICE_PROFILE, type ProfileApi, startProfileApi } from '../../test-support/profile-api.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';

let provider: TestProvider;
let api: ProfileApi;
let browser: Browser;

beforeAll(async () => {
  provider = await startProvider();
  api = await startProfileApi({ jwksIssuer: provider.issuer });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await provider?.close();
});

interface Session {
  cwd: string;
  configDir: string;
  browserDir: string;
  env: Record<string, string>;
  nextUrl: () => Promise<string>;
  /** What the browser was started with: its one argument (the start URL) and its environment. */
  opened: { url: string; env: string }[];
}

function session(): Session {
  const home = tempDir('home');
  const cwd = tempDir('workspace');
  const browserDir = tempDir('browser');
  const configDir = join(home, 'config');
  const fake = fakeBrowserCommand(browserDir);
  return {
    cwd,
    configDir,
    browserDir,
    env: { HOME: home, TOKENRELAY_CONFIG_DIR: configDir, BROWSER: fake.command },
    // The browser is handed a one-time loopback start URL; this is where it redirects.
    nextUrl: () => fake.nextUrl(),
    opened: fake.opened,
  };
}

const loginArgs = () => [
  'auth',
  'login',
  '--issuer',
  provider.issuer,
  '--client-id',
  provider.clients.native.clientId,
  '--api-url',
  api.url,
  '--insecure-storage',
];

function storedSession(configDir: string) {
  const file = JSON.parse(readFileSync(join(configDir, 'credentials.json'), 'utf8'));
  return file.credentials[api.url].oauth as Record<string, unknown> & { identity: Record<string, unknown> };
}

function scanRun(s: Session, stored: Record<string, unknown>, texts: Record<string, string>) {
  const secrets: Record<string, string> = { access: String(stored.accessToken) };
  if (typeof stored.refreshToken === 'string') secrets.refresh = stored.refreshToken;
  if (typeof stored.idToken === 'string') secrets.id = stored.idToken;
  // The credentials file is where tokens belong; everything else a run touches must be clean.
  assertNoLeaks({ secrets, texts, dirs: [s.cwd, s.browserDir] });
}

describe('auth login in a real browser', () => {
  it('signs in through the provider, lands on the loopback listener, and stores the session', async () => {
    const s = session();
    const cli = startCli(loginArgs(), { cwd: s.cwd, home: s.env.HOME!, env: s.env });
    const url = new URL(await s.nextUrl());
    const redirectUri = url.searchParams.get('redirect_uri')!;
    // The browser's argv (readable by every local user) holds a one-time loopback URL, not
    // the state or the PKCE challenge. Its environment holds none
    // of tokenrelay's variables.
    const [{ url: argvUrl, env: browserEnv }] = s.opened as [Session['opened'][number]];
    expect(argvUrl).not.toContain(url.searchParams.get('state')!);
    expect(argvUrl).not.toContain(url.searchParams.get('code_challenge')!);
    expect(browserEnv).toContain(`HOME=${s.env.HOME}`);
    expect(browserEnv).not.toMatch(/^TOKENRELAY_/m);
    // The printed URL (to open by hand) is still the authorization URL itself.
    expect((await cli.waitForStderr(/^ {2}(http\S+)$/m))[1]).toBe(url.href);
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');

    const page = await browser.newPage();
    let callback: Response | undefined;
    page.on('response', (r) => {
      if (r.url().startsWith(redirectUri)) callback = r;
    });
    const outcome = await signInWithBrowser(page, url.href);
    const result = await cli.exited;

    expect(result.code, result.stderr).toBe(0);
    expect(outcome.title).toBe('Signed in to tokenrelay');
    expect(callback?.status()).toBe(200);
    const headers = await callback!.allHeaders();
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(await page.content()).not.toMatch(/<script|<link|<img|style=/i);
    await page.close();

    const stored = storedSession(s.configDir);
    expect(stored.issuer).toBe(provider.issuer);
    expect(stored.clientId).toBe('cli-native');
    expect(typeof stored.refreshToken).toBe('string');
    expect(stored.identity.login).toBe(ALICE_PROFILE.login);
    expect(stored.identity.tenants).toEqual(ALICE_PROFILE.tenants);
    expect(result.stderr).toContain(`Logged in to ${api.url} as alice.`);
    expect(result.stdout).toBe('');
    scanRun(s, stored, { stdout: result.stdout, stderr: result.stderr });
  }, 60_000);

  it('approves a device code in the same browser (--device)', async () => {
    const s = session();
    const cli = startCli([...loginArgs(), '--device'], { cwd: s.cwd, home: s.env.HOME!, env: s.env });
    const [, complete] = await cli.waitForStderr(/Or open (\S+) to have the code filled in/);
    const [, userCode] = await cli.waitForStderr(/enter the code: (\S+)/);
    expect(complete).toContain(`user_code=${userCode}`);

    const page = await browser.newPage();
    const outcome = await signInWithBrowser(page, complete!);
    await page.close();
    const result = await cli.exited;

    expect(outcome.title).toBe('Sign-in Success');
    expect(result.code, result.stderr).toBe(0);
    // stderr is not a terminal here: the spinner degrades to plain progress lines.
    expect(result.stderr).toMatch(/Waiting for the sign-in to be approved… \d+:\d\d left\n/);
    expect(result.stderr).not.toContain('\r');
    const stored = storedSession(s.configDir);
    expect(stored.identity.login).toBe('alice');
    scanRun(s, stored, { stdout: result.stdout, stderr: result.stderr });
  }, 60_000);

  it('shows an access_denied error_description escaped, never as HTML, and exits 4', async () => {
    const s = session();
    const cli = startCli(loginArgs(), { cwd: s.cwd, home: s.env.HOME!, env: s.env });
    const url = new URL(await s.nextUrl());
    const callback = new URL(url.searchParams.get('redirect_uri')!);
    const description = `<script>alert("owned")</script><b>bold</b>\u001b[31m${'x'.repeat(400)}`;
    callback.search = new URLSearchParams({
      error: 'access_denied',
      error_description: description,
      state: url.searchParams.get('state')!,
      iss: provider.issuer,
    }).toString();

    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const response = await page.goto(callback.href);
    const result = await cli.exited;

    expect(response?.status()).toBe(400);
    expect(dialogs).toEqual([]);
    expect(await page.$$('script, b')).toHaveLength(0);
    expect(await page.textContent('body')).toContain('<script>alert("owned")</script>');
    await page.close();
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('The sign-in was denied (access_denied).');
    expect(result.stderr).toContain('<script>alert("owned")</script>');
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr).not.toContain('x'.repeat(300));
  }, 60_000);

  it('gives up after --login-timeout when no browser comes back, saying what to try', async () => {
    const s = session();
    const cli = startCli([...loginArgs(), '--login-timeout', '1'], {
      cwd: s.cwd,
      home: s.env.HOME!,
      env: s.env,
    });
    await s.nextUrl(); // the browser "opened", and nobody signs in
    const result = await cli.exited;
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('No sign-in response reached tokenrelay within 1 second.');
    expect(result.stderr).toMatch(/try '--no-browser' \(paste the URL back\) or '--device'/);
  }, 30_000);

  it('names every port when none of the --port list is free, and exits 5', async () => {
    const busy = await Promise.all([occupy(), occupy()]);
    try {
      const ports = busy.map((b) => b.port);
      const s = session();
      const cli = startCli([...loginArgs(), '--port', ports.join(',')], {
        cwd: s.cwd,
        home: s.env.HOME!,
        env: s.env,
      });
      const result = await cli.exited;
      expect(result.code).toBe(5);
      expect(result.stderr).toContain(`${ports[0]} and ${ports[1]}`);
      expect(result.stderr).toMatch(/--port/);
    } finally {
      for (const b of busy) b.server.close();
    }
  }, 30_000);
});

function occupy(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}
