/**
 * Environments as a person meets them: the only one stored is used without being named, several
 * are listed for the user to choose from (exit 2), and `auth switch` picks the default.
 */
import { chmodSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { useServers } from '../../test-support/servers.ts';
import {
  assertClean,
  cli,
  login,
  type Machine,
  machine,
  stored,
  storedSecrets,
} from './auth-session-fixtures.ts';

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
    // Logging in again needs no URL either.
    const again = await cli(m, ['auth', 'login', '--token-stdin', '--insecure-storage', '-v'], {}, pat());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`Token saved to ${servers.api.url} as alice.`);
    expect(again.stderr).toContain(`environment: using ${servers.api.url}, the only environment stored`);
    assertClean(m, { pat: pat() }, [run, again]);
  });

  it('several stored: auth token, validate and logout ask to choose (2), listing them', async () => {
    const m = machine();
    const [a, b] = servers.apis.map((api) => api.url) as [string, string];
    await saveToken(m, a);
    await saveToken(m, b);
    // No default: as `auth import` or an older tokenrelay leaves several environments.
    rmSync(join(m.configDir, 'active-environment.json'));
    for (const args of [['auth', 'token'], ['validate'], ['auth', 'logout'], ['auth', 'login', '--device']]) {
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

describe('the last login is the active environment', () => {
  it('auth token and auth logout act on it unnamed; logout of it leaves the other one', async () => {
    const m = machine();
    const [a, b] = servers.apis.map((api) => api.url) as [string, string];
    await saveToken(m, a);
    const second = await saveToken(m, b);
    expect(second.stderr).toContain(
      `${b} is now the active environment; 'tokenrelay auth switch' changes it.`,
    );
    const token = await cli(m, ['auth', 'token', '-v']);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stderr).toContain(`environment: ${b}, the default set by 'tokenrelay auth switch'`);

    const out = await cli(m, ['auth', 'logout']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(`Logged out of ${b}: removed the saved API token from`);
    expect(stored(m, b, 'static')).toBeUndefined();
    expect(stored(m, a, 'static')).toBeDefined();
    // The default is gone with it; the one left is the only one stored.
    const left = await cli(m, ['auth', 'token', '-v']);
    expect(left.code, left.stderr).toBe(0);
    expect(left.stdout).toBe(`${pat()}\n`);
    expect(left.stderr).toContain(`using ${a}, the only one stored`);
    assertClean(m, { pat: pat() }, [second, out, left], [pat()]);
  }, 60_000);

  it('logout --all-environments removes every environment (--json lists them)', async () => {
    const m = machine();
    const [a, b] = servers.apis.map((api) => api.url).sort() as [string, string];
    await saveToken(m, a);
    await saveToken(m, b);
    const out = await cli(m, ['auth', 'logout', '--all-environments', '--json']);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({
      environments: [
        { environment: a, token_removed: true },
        { environment: b, token_removed: true },
      ],
    });
    expect(existsSync(join(m.configDir, 'credentials.json'))).toBe(false);
    expect(existsSync(join(m.configDir, 'active-environment.json'))).toBe(false);
    assertClean(m, { pat: pat() }, [out]);
  }, 60_000);
});

describe('auth switch --tenant', () => {
  it('changes the active environment, refuses a tenant the login does not list unless --force; re-login keeps it', async () => {
    const m = machine();
    const [a, b] = servers.apis.map((api) => api.url) as [string, string];
    await saveToken(m, a);
    await saveToken(m, b); // b is now the active one
    const switched = await cli(m, ['auth', 'switch', '--tenant', 'globex']);
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stderr).toContain(`Switched to ${b} (tenant globex)`);
    expect(stored(m, b, 'static')).toMatchObject({ tenant: 'globex' });
    expect(stored(m, a, 'static')?.tenant).toBeUndefined();

    const unlisted = await cli(m, ['auth', 'switch', '--tenant', 'initech']);
    expect(unlisted.code).toBe(2);
    expect(unlisted.stderr).toContain(`tenant initech is not one the login at ${b} lists: acme, globex.`);
    expect(unlisted.stderr).toContain('--force');
    expect(stored(m, b, 'static')).toMatchObject({ tenant: 'globex' });

    // Logging in again without --tenant keeps the one chosen.
    const again = await saveToken(m, b);
    expect(again.stderr).toContain('(tenant globex)');
    expect(stored(m, b, 'static')).toMatchObject({ tenant: 'globex' });

    // Forced, the API refuses it: the error points at auth switch, the way it was chosen.
    const forced = await cli(m, ['auth', 'switch', '--tenant', 'initech', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const refused = await cli(m, ['validate']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("'tokenrelay auth switch --tenant NAME'");
    expect(refused.stderr).not.toContain('TOKENRELAY_TENANT');
    assertClean(m, { pat: pat() }, [switched, unlisted, again, forced, refused]);
  }, 60_000);
});

describe('auth switch: prod and dev side by side', () => {
  it('sets the default environment without logging in; status marks it active; --tenant/--workspace are kept', async () => {
    const m = machine();
    const [a, b] = servers.apis.map((api) => api.url) as [string, string];
    const login = await saveToken(m, a, ['--tenant', 'acme', '--workspace', 'acme/main']);
    expect(login.stderr).toContain('(tenant acme, workspace acme/main)');
    await saveToken(m, b);
    const shown = await cli(m, ['auth', 'status', '--api-url', a]);
    expect(shown.stdout).toContain('Tenant:        acme\n');
    expect(shown.stdout).toContain('Workspace:     acme/main\n');

    const before = servers.apis.map((api) => api.requests.length);
    const switched = await cli(m, ['auth', 'switch', '--environment', b]);
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stderr).toContain(`Switched to ${b}`);
    // Switching asks no server and no person: nothing was sent, stdin was never read.
    expect(servers.apis.map((api) => api.requests.length)).toEqual(before);

    const token = await cli(m, ['auth', 'token', '-v']);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toBe(`${pat()}\n`);
    expect(token.stderr).toContain(`environment: ${b}, the default set by 'tokenrelay auth switch'`);
    const validated = await cli(m, ['validate', '--json']);
    expect(JSON.parse(validated.stdout)).toMatchObject({ valid: true, environment: b });

    const status = await cli(m, ['auth', 'status', '--offline']);
    expect(status.stdout).toContain(`${b} (active)\n`);
    expect(status.stdout).not.toContain(`${a} (active)`);
    const json = JSON.parse((await cli(m, ['auth', 'status', '--offline', '--json'])).stdout);
    expect(json.environments.find((e: { environment: string }) => e.environment === b)).toMatchObject({
      active: true,
    });

    const back = await cli(m, ['auth', 'switch', '--api-url', a, '--workspace', 'globex/research', '--json']);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({
      environment: a,
      previous: b,
      tenant: 'acme',
      workspace: 'globex/research',
    });
    const now = await cli(m, ['auth', 'status', '--json', '--offline', '--api-url', a]);
    expect(JSON.parse(now.stdout)).toMatchObject({ tenant: 'acme', workspace: 'globex/research' });
    assertClean(m, { pat: pat() }, [switched, status, back], [pat()]);
  }, 60_000);

  it('an OAuth session keeps the --tenant and --workspace given at login; switching to it asks nobody', async () => {
    const m = machine();
    await saveToken(m, servers.apis[1]!.url);
    const loggedIn = await login(m, servers.provider, {
      apiUrl: servers.api.url,
      args: ['--insecure-storage', '--tenant', 'globex', '--workspace', 'globex/research'],
    });
    expect(stored(m, servers.api.url, 'oauth')).toMatchObject({
      tenant: 'globex',
      workspace: 'globex/research',
    });
    servers.provider.resetRecords();
    const switched = await cli(m, ['auth', 'switch', '--api-url', servers.api.url], {}, 'must-not-be-read\n');
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stderr).toContain('(tenant globex, workspace globex/research)');
    expect(servers.provider.requests).toHaveLength(0);
    const status = await cli(m, ['auth', 'status', '--offline']);
    expect(status.stdout).toContain(`${servers.api.url} (active)\n`);
    expect(status.stdout).toContain('  Tenant:        globex\n');
    expect(status.stdout).toContain('  Workspace:     globex/research\n');
    assertClean(m, { pat: pat(), ...storedSecrets(m) }, [loggedIn, switched, status]);
  }, 60_000);

  it('the default is trusted like config.toml: a file others may write is refused (2)', async () => {
    const m = machine();
    await saveToken(m, servers.api.url);
    expect((await cli(m, ['auth', 'switch', '--api-url', servers.api.url])).code).toBe(0);
    const file = join(m.configDir, 'active-environment.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o666);
    const run = await cli(m, ['auth', 'token']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `Refusing to read the config file ${file}: it is writable by its group and other users`,
    );
    expect(run.stdout).toBe('');
  });

  it('an environment nothing is stored for is exit 2, never a login prompt', async () => {
    const m = machine();
    await saveToken(m, servers.api.url);
    const run = await cli(m, ['auth', 'switch', '--environment', 'https://dev.example.test']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Nothing is stored for https://dev.example.test.');
    expect(run.stderr).toContain(`Stored environments: ${servers.api.url}.`);
    const none = await cli(m, ['auth', 'switch']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--environment URL');
  });
});
