/**
 * A browser login against a provider that follows OpenID Connect Core §11 strictly (the
 * suite's node-oidc-provider with its defaults: `offline_access` counts only with
 * prompt=consent), then a real expiry: the session must refresh. Access tokens live 4 s here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithBrowser } from '../../test-support/browser.ts';
import { fakeBrowserCommand, startCli, tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';

const TTL = 4;
let provider: TestProvider;
let browser: Browser;

beforeAll(async () => {
  provider = await startProvider({ accessTokenTtlSeconds: TTL });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await provider?.close();
});

function machine() {
  const home = tempDir('home');
  const cwd = tempDir('workspace');
  const browserDir = tempDir('browser');
  const fake = fakeBrowserCommand(browserDir);
  const configDir = join(home, 'config');
  const env = { TOKENRELAY_CONFIG_DIR: configDir, BROWSER: fake.command, TOKENRELAY_ISSUER: provider.issuer };
  const run = (args: string[]) => startCli(args, { cwd, home, env }).exited;
  const session = () =>
    JSON.parse(readFileSync(join(configDir, 'credentials.json'), 'utf8')).credentials[provider.issuer]
      .oauth as Record<string, string | undefined>;
  return { home, cwd, browserDir, env, run, session, nextUrl: () => fake.nextUrl() };
}

type Machine = ReturnType<typeof machine>;

async function browserLogin(m: Machine, extra: string[] = []) {
  const args = ['auth', 'login', '--client-id', provider.clients.native.clientId, '--insecure-storage'];
  const cli = startCli([...args, ...extra], { cwd: m.cwd, home: m.home, env: m.env });
  const url = new URL(await m.nextUrl());
  const page = await browser.newPage();
  await signInWithBrowser(page, url.href);
  await page.close();
  const result = await cli.exited;
  expect(result.code, result.stderr).toBe(0);
  return { url, result };
}

const waitForExpiry = () => new Promise((r) => setTimeout(r, (TTL + 1) * 1000));
const refreshes = () => provider.tokenRequests().filter((r) => r.form?.grant_type === 'refresh_token');

describe('browser login against a strict provider', () => {
  it('asks for offline_access with prompt=consent, gets a refresh token, and refreshes after the expiry', async () => {
    const m = machine();
    const { url, result } = await browserLogin(m);
    expect(url.searchParams.get('scope')!.split(' ')).toContain('offline_access');
    expect(url.searchParams.get('prompt')).toBe('consent');
    const first = m.session();
    expect(typeof first.refreshToken).toBe('string');

    await waitForExpiry();
    provider.resetRecords();
    const token = await m.run(['auth', 'token']);
    expect(token.code, token.stderr).toBe(0);
    expect(refreshes()).toHaveLength(1);
    const second = m.session();
    expect(token.stdout).toBe(`${second.accessToken}\n`);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(Date.parse(second.expiresAt!)).toBeGreaterThan(Date.now());
    assertNoLeaks({
      secrets: {
        access: first.accessToken!,
        refresh: first.refreshToken!,
        rotated: second.refreshToken!,
      },
      texts: { login: result.stdout + result.stderr, token: token.stderr },
      dirs: [m.cwd, m.browserDir],
    });
  }, 60_000);

  it('--prompt omit sends no prompt: the strict provider keeps no offline_access, and the expired session says to log in again (4)', async () => {
    const m = machine();
    const { url } = await browserLogin(m, ['--prompt', 'omit']);
    expect(url.searchParams.has('prompt')).toBe(false);
    expect(m.session().refreshToken).toBeUndefined();

    await waitForExpiry();
    const token = await m.run(['auth', 'token']);
    expect(token.code).toBe(4);
    expect(token.stderr).toMatch(/auth login/);
    expect(token.stdout).toBe('');
  }, 60_000);

  it('a prompt that is not an OpenID value is exit 2 before anything is opened', async () => {
    const m = machine();
    const run = await m.run(['auth', 'login', '--client-id', 'cli-native', '--prompt', 'Consent!']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--prompt is not an OpenID prompt value');
    expect(run.stderr).toContain('omit to send no prompt');
  });
});
