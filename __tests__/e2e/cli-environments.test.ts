/**
 * Environments as a person meets them: the only one stored is used without being named, several
 * are listed for the user to choose from (exit 2), and `auth switch` picks the default.
 */
import { describe, expect, it } from 'vitest';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { useServers } from '../../test-support/servers.ts';
import { assertClean, cli, type Machine, machine } from './auth-session-fixtures.ts';

const servers = useServers({ apis: 2 });
const pat = () => TEST_API_KEYS.alicePat;

async function saveToken(m: Machine, apiUrl: string, extra: string[] = []) {
  const run = await cli(
    m,
    ['auth', 'login', '--api-url', apiUrl, '--token-stdin', '--insecure-storage', ...extra],
    {},
    pat(),
  );
  expect(run.code, run.stderr).toBe(0);
  return run;
}

describe('one environment, found', () => {
  it('validate after login uses the only stored environment, and -v says so', async () => {
    const m = machine();
    await saveToken(m, servers.api.url);
    const run = await cli(m, ['validate', '-v']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `debug: environment: using ${servers.api.url}, the only environment stored\n`,
    );
    expect(run.stderr).toMatch(/^Valid: \S+ from stored token \(file \S+\) belongs to alice$/m);
    assertClean(m, { pat: pat() }, [run]);
  });

  it('several stored: auth token, validate and logout ask to choose (2), listing them', async () => {
    const m = machine();
    const [a, b] = servers.apis.map((api) => api.url) as [string, string];
    await saveToken(m, a);
    await saveToken(m, b);
    for (const args of [['auth', 'token'], ['validate'], ['auth', 'logout']]) {
      const run = await cli(m, args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain('Credentials are stored for several environments: ');
      expect(run.stderr).toContain(a);
      expect(run.stderr).toContain(b);
      expect(run.stderr).toContain('tokenrelay auth switch');
      expect(run.stdout).toBe('');
    }
    const named = await cli(m, ['auth', 'token', '--api-url', b]);
    expect(named.stdout).toBe(`${pat()}\n`);
  }, 60_000);
});
