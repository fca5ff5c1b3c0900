/**
 * The minted-token cache through the committed CLI bundle against the real provider: many
 * calls (in turn or at once) make one token request, a token inside its refresh window is
 * minted again, the cache's files are private and hold no client secret, and a cache file
 * someone else could have written is ignored and replaced.
 */
import { chmodSync, chownSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import { newHome, runCli } from '../../test-support/run-cli.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

const ccEnv = (provider: TestProvider = servers.provider) => ({
  TOKENRELAY_ISSUER: provider.issuer,
  TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: provider.clients.basic.clientSecret,
  TOKENRELAY_SCOPE: 'read',
});

/** A job's RUNNER_TEMP, as the runner gives every step of one job. */
function job() {
  const base = mkdtempSync(join(tmpdir(), 'tokenrelay-cachejob-'));
  return { temp: base, env: { GITHUB_ACTIONS: 'true', RUNNER_TEMP: base } };
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const cacheFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.json'));

describe('the minted-token cache', () => {
  it('inside GitHub Actions: ten `auth token` calls in a job make one token request', async () => {
    servers.provider.resetRecords();
    const { temp, env } = job();
    const home = newHome();
    const tokens = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const run = await runCli(['auth', 'token'], { env: { ...ccEnv(), ...env }, home });
      expect(run.code, run.stderr).toBe(0);
      tokens.add(run.stdout.trim());
    }
    expect(tokens.size).toBe(1);
    expect(servers.provider.tokenRequests()).toHaveLength(1);
    const dir = join(temp, 'tokenrelay-cache');
    expect(mode(dir)).toBe('700');
    const [file] = cacheFiles(dir);
    expect(mode(join(dir, file!))).toBe('600');
    // The cache holds the token (that is its job), never the secret that minted it.
    assertNoLeaks({ secrets: { secret: servers.provider.clients.basic.clientSecret }, dirs: [temp, home] });
    const [token] = [...tokens];
    assertNoLeaks({ secrets: { token: token! }, dirs: [home] });
  });

  it('concurrent processes mint once', async () => {
    servers.provider.resetRecords();
    const { env } = job();
    const runs = await Promise.all(
      Array.from({ length: 6 }, () => runCli(['auth', 'token'], { env: { ...ccEnv(), ...env } })),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    expect(servers.provider.tokenRequests()).toHaveLength(1);
  });

  it('exchange shares the cache; --cache-dir off mints every time', async () => {
    servers.provider.resetRecords();
    const { env } = job();
    const a = await runCli(['exchange', '--scope', 'read'], { env: { ...ccEnv(), ...env } });
    const b = await runCli(['auth', 'token'], { env: { ...ccEnv(), ...env } });
    expect(a.code, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(servers.provider.tokenRequests()).toHaveLength(1);
    const c = await runCli(['auth', 'token', '--cache-dir', 'off'], { env: { ...ccEnv(), ...env } });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).not.toBe(a.stdout);
    expect(servers.provider.tokenRequests()).toHaveLength(2);
  });

  it('outside CI only when asked: auto is under XDG_RUNTIME_DIR (0700), else the cache home', async () => {
    servers.provider.resetRecords();
    const unasked = await runCli(['auth', 'token'], { env: ccEnv() });
    const unaskedAgain = await runCli(['auth', 'token'], { env: ccEnv(), home: unasked.home });
    expect(unaskedAgain.stdout).not.toBe(unasked.stdout);
    assertNoLeaks({ secrets: { token: unasked.stdout.trim() }, dirs: [unasked.home] });
    servers.provider.resetRecords();

    const runtime = mkdtempSync(join(tmpdir(), 'tokenrelay-xdg-'));
    const env = { ...ccEnv(), XDG_RUNTIME_DIR: runtime, TOKENRELAY_CACHE_DIR: 'auto' };
    const first = await runCli(['auth', 'token'], { env });
    const second = await runCli(['auth', 'token'], { env });
    expect(second.stdout).toBe(first.stdout);
    expect(mode(join(runtime, 'tokenrelay'))).toBe('700');
    expect(cacheFiles(join(runtime, 'tokenrelay'))).toHaveLength(1);

    const home = newHome();
    await runCli(['auth', 'token', '--cache-dir', 'auto'], { env: ccEnv(), home });
    expect(cacheFiles(join(home, '.cache', 'tokenrelay'))).toHaveLength(1);

    const chosen = join(mkdtempSync(join(tmpdir(), 'tokenrelay-chosen-')), 'cache');
    await runCli(['auth', 'token', '--cache-dir', chosen], { env: ccEnv() });
    expect(mode(chosen)).toBe('700');
    expect(cacheFiles(chosen)).toHaveLength(1);
    expect(servers.provider.tokenRequests()).toHaveLength(3);
  });

  it('a cache file with loose permissions or another owner is ignored and replaced', async () => {
    servers.provider.resetRecords();
    const { temp, env } = job();
    const dir = join(temp, 'tokenrelay-cache');
    const first = await runCli(['auth', 'token'], { env: { ...ccEnv(), ...env } });
    const file = join(dir, cacheFiles(dir)[0]!);

    chmodSync(file, 0o644);
    const loose = await runCli(['auth', 'token'], { env: { ...ccEnv(), ...env } });
    expect(loose.code, loose.stderr).toBe(0);
    expect(loose.stderr).toMatch(/Ignoring the cached token .* \(mode 644\); it will be replaced/);
    expect(loose.stdout).not.toBe(first.stdout);
    expect(mode(file)).toBe('600');

    chownSync(file, 12345, 12345);
    const foreign = await runCli(['auth', 'token'], { env: { ...ccEnv(), ...env } });
    expect(foreign.code, foreign.stderr).toBe(0);
    expect(foreign.stderr).toMatch(/owned by uid 12345/);
    expect(foreign.stdout).not.toBe(loose.stdout);
    expect(statSync(file).uid).toBe(process.getuid!());
    expect(servers.provider.tokenRequests()).toHaveLength(3);
    const again = await runCli(['auth', 'token'], { env: { ...ccEnv(), ...env } });
    expect(again.stdout).toBe(foreign.stdout);
    expect(servers.provider.tokenRequests()).toHaveLength(3);
  });

  it('a cached token inside its refresh window is minted again', async () => {
    const provider = await startProvider({ accessTokenTtlSeconds: 4 });
    try {
      const { env } = job();
      const first = await runCli(['auth', 'token'], { env: { ...ccEnv(provider), ...env } });
      const cached = await runCli(['auth', 'token'], { env: { ...ccEnv(provider), ...env } });
      expect(cached.stdout).toBe(first.stdout);
      expect(provider.tokenRequests()).toHaveLength(1);
      // Half of a 4 s lifetime is the window: after 2 s the next call mints.
      await new Promise((r) => setTimeout(r, 2_200));
      const renewed = await runCli(['auth', 'token'], { env: { ...ccEnv(provider), ...env } });
      expect(renewed.code, renewed.stderr).toBe(0);
      expect(renewed.stdout).not.toBe(first.stdout);
      expect(provider.tokenRequests()).toHaveLength(2);
      expect(renewed.stdout.trim().split('.')).toHaveLength(3);
    } finally {
      await provider.close();
    }
  });
});
