/** `auth login --with-token / --token-stdin`: checked against the profile endpoint before anything is saved. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliScript, tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { type ProfileApi, startProfileApi, TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { runCli } from '../../test-support/run-cli.ts';

let api: ProfileApi;
beforeAll(async () => {
  api = await startProfileApi();
});
afterAll(() => api?.close());

function run(args: string[], stdin?: string) {
  const home = tempDir('home');
  const cwd = tempDir('workspace');
  const configDir = join(home, 'config');
  const env = { TOKENRELAY_CONFIG_DIR: configDir };
  return runCli(['auth', 'login', '--api-url', api.url, '--insecure-storage', ...args], {
    home,
    cwd,
    env,
    script: cliScript(),
    ...(stdin !== undefined ? { stdin } : {}),
  }).then((result) => ({ ...result, cwd, credentials: join(configDir, 'credentials.json') }));
}

describe('auth login with a token', () => {
  it('saves a token read from stdin once the API accepts it', async () => {
    const result = await run(['--token-stdin'], `${TEST_API_KEYS.alicePat}\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Token saved to ${api.url} as alice.`);
    const saved = JSON.parse(readFileSync(result.credentials, 'utf8')).credentials[api.url].static;
    expect(saved).toMatchObject({ token: TEST_API_KEYS.alicePat, identity: { login: 'alice' } });
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TEST_API_KEYS.alicePat}`);
    assertNoLeaks({
      secrets: [TEST_API_KEYS.alicePat],
      texts: { stdout: result.stdout, stderr: result.stderr },
      dirs: [result.cwd],
    });
  });

  it('saves nothing when the API rejects the token (4), and never echoes it', async () => {
    const rejected = 'tr_pat_Rejected0Token1Value2';
    const result = await run(['--with-token', rejected]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/rejected by 127\.0\.0\.1:\d+ \(HTTP 401\)/);
    expect(existsSync(result.credentials)).toBe(false);
    assertNoLeaks({
      secrets: [rejected],
      texts: { stdout: result.stdout, stderr: result.stderr },
      dirs: [result.cwd],
    });
  });

  it('refuses two ways of logging in at once (2)', async () => {
    const result = await run(['--with-token', TEST_API_KEYS.alicePat, '--device']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--with-token and --device cannot be combined.');
  });
});
