/**
 * Sessions against providers that sign ID tokens with EdDSA or ES256 and rotate refresh
 * tokens (the suite's node-oidc-provider): browser and device login, then two refreshes each,
 * every one rotating the refresh token and carrying a new ID token. A refresh has no metadata
 * to read; what login kept of it must do. And a rotated refresh token is never lost: not to
 * an ID token that fails its checks, nor to an answer that breaks after the server rotated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithBrowser } from '../../test-support/browser.ts';
import { fakeBrowserCommand, startCli, tempDir } from '../../test-support/cli-process.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import { startProviderFront } from '../../test-support/provider-front.ts';
import {
  ageSession,
  assertClean,
  cli,
  credentialsFile,
  login,
  type Machine,
  machine,
  refreshRequests,
  stored,
  storedSecrets,
} from './auth-session-fixtures.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Alg = 'EdDSA' | 'ES256';

function headerAlg(jwt: unknown): string {
  return JSON.parse(Buffer.from(String(jwt).split('.')[0]!, 'base64url').toString('utf8')).alg;
}

async function browserLogin(m: Machine, provider: TestProvider) {
  const browserDir = tempDir('browser');
  const fake = fakeBrowserCommand(browserDir);
  const args = [
    'auth',
    'login',
    '--issuer',
    provider.issuer,
    '--client-id',
    provider.clients.native.clientId,
  ];
  const run = startCli([...args, '--insecure-storage'], {
    cwd: m.cwd,
    home: m.home,
    env: { ...m.env, BROWSER: fake.command },
  });
  const page = await browser.newPage();
  await signInWithBrowser(page, await fake.nextUrl());
  await page.close();
  const result = await run.exited;
  expect(result.code, result.stderr).toBe(0);
  return result;
}

/** Expires the session and asks for a token: one refresh, rotated, its new ID token kept. */
async function refreshOnce(m: Machine, provider: TestProvider, alg: Alg) {
  const before = stored(m, provider.issuer, 'oauth')!;
  ageSession(m, provider.issuer, -5);
  provider.resetRecords();
  const run = await cli(m, ['auth', 'token'], { TOKENRELAY_ISSUER: provider.issuer });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).not.toContain('warning');
  expect(refreshRequests(provider)).toHaveLength(1);
  const after = stored(m, provider.issuer, 'oauth')!;
  expect(run.stdout).toBe(`${after.accessToken}\n`);
  expect(after.refreshToken).not.toBe(before.refreshToken);
  // Within the same second an EdDSA ID token may come out byte for byte the same: no comparison.
  expect(headerAlg(after.idToken)).toBe(alg);
  return { run, before, after };
}

describe.each(['EdDSA', 'ES256'] as const)('ID tokens signed with %s, refresh tokens rotating', (alg) => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await startProvider({ idTokenAlg: alg });
  });
  afterAll(async () => {
    await provider?.close();
  });

  it.each(['browser', 'device'] as const)('%s login, then two refreshes, each one rotated', async (how) => {
    const m = machine();
    const signedIn = how === 'browser' ? await browserLogin(m, provider) : await login(m, provider);
    const session = stored(m, provider.issuer, 'oauth')!;
    expect(headerAlg(session.idToken)).toBe(alg);
    expect(session.idTokenAlgs).toContain(alg);

    const first = await refreshOnce(m, provider, alg);
    const second = await refreshOnce(m, provider, alg);
    expect(second.before.refreshToken).toBe(first.after.refreshToken);
    const secrets = {
      ...storedSecrets(m),
      loginRefresh: String(session.refreshToken),
      loginAccess: String(session.accessToken),
      firstRefresh: String(first.after.refreshToken),
      firstAccess: String(first.after.accessToken),
    };
    assertClean(
      m,
      secrets,
      [signedIn, first.run, second.run],
      [String(first.after.accessToken), String(second.after.accessToken)],
    );
  }, 90_000);
});

describe('what refresh keeps', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await startProvider({ idTokenAlg: 'EdDSA' });
  });
  afterAll(async () => {
    await provider?.close();
  });

  const edit = (m: Machine, change: (session: Record<string, unknown>) => void) => {
    const doc = JSON.parse(readFileSync(credentialsFile(m), 'utf8'));
    change(doc.credentials[provider.issuer].oauth);
    writeFileSync(credentialsFile(m), JSON.stringify(doc, null, 2), { mode: 0o600 });
  };

  it('a session saved before the algorithms were kept still refreshes', async () => {
    const m = machine();
    const signedIn = await login(m, provider);
    edit(m, (s) => delete s.idTokenAlgs);
    const { run, after } = await refreshOnce(m, provider, 'EdDSA');
    assertClean(m, storedSecrets(m), [signedIn, run], [String(after.accessToken)]);
  }, 60_000);

  it('an ID token that fails its checks is reported; the rotated tokens are kept and refresh again', async () => {
    const m = machine();
    const signedIn = await login(m, provider);
    const loginSession = stored(m, provider.issuer, 'oauth')!;
    // As if the metadata had promised RS256 only: the provider's EdDSA ID token now fails.
    edit(m, (s) => {
      s.idTokenAlgs = ['RS256'];
    });
    ageSession(m, provider.issuer, -5);
    const run = await cli(m, ['auth', 'token'], { TOKENRELAY_ISSUER: provider.issuer });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'tokenrelay: warning: The session was refreshed, but the new ID token was not accepted',
    );
    expect(run.stderr).toContain('signed with EdDSA, accepted RS256');
    const kept = stored(m, provider.issuer, 'oauth')!;
    expect(run.stdout).toBe(`${kept.accessToken}\n`);
    expect(kept.refreshToken).not.toBe(loginSession.refreshToken);
    expect(kept.idToken).toBe(loginSession.idToken);

    edit(m, (s) => {
      s.idTokenAlgs = ['EdDSA'];
    });
    const again = await refreshOnce(m, provider, 'EdDSA');
    expect(again.before.refreshToken).toBe(kept.refreshToken);
    assertClean(
      m,
      { ...storedSecrets(m), loginRefresh: String(loginSession.refreshToken) },
      [signedIn, run, again.run],
      [String(kept.accessToken), String(again.after.accessToken)],
    );
  }, 60_000);

  it('an answer that breaks after the server rotated: the error is reported, the new refresh token saved first', async () => {
    const m = machine();
    const signedIn = await login(m, provider);
    const loginSession = stored(m, provider.issuer, 'oauth')!;
    let broken = true;
    const front = await startProviderFront(provider, {
      issuerPath: '/',
      endpoints: { token_endpoint: '/token' },
      // The provider has rotated by the time this answer leaves: only the front breaks it.
      tokenResponse: (body) => (broken ? { ...body, expires_in: 'soon' } : body),
    });
    try {
      edit(m, (s) => {
        s.tokenEndpoint = front.url('token_endpoint');
      });
      ageSession(m, provider.issuer, -5);
      const failed = await cli(m, ['auth', 'token'], { TOKENRELAY_ISSUER: provider.issuer });
      expect(failed.code).toBe(3);
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toContain('invalid expires_in');
      const saved = stored(m, provider.issuer, 'oauth')!;
      expect(saved.refreshToken).not.toBe(loginSession.refreshToken);

      broken = false;
      const fixed = await cli(m, ['auth', 'token'], { TOKENRELAY_ISSUER: provider.issuer });
      expect(fixed.code, fixed.stderr).toBe(0);
      const after = stored(m, provider.issuer, 'oauth')!;
      expect(fixed.stdout).toBe(`${after.accessToken}\n`);
      expect(front.requests.filter((r) => r.form?.refresh_token === saved.refreshToken)).toHaveLength(1);
      assertClean(
        m,
        {
          ...storedSecrets(m),
          loginRefresh: String(loginSession.refreshToken),
          spent: String(saved.refreshToken),
        },
        [signedIn, failed, fixed],
        [String(after.accessToken)],
      );
    } finally {
      await front.close();
    }
  }, 60_000);
});
