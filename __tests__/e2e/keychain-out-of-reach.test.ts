/**
 * A person logs in on their desktop (the session goes to the OS keychain), then cron runs
 * `tokenrelay auth token` with no D-Bus session: the keychain cannot be reached. Every command
 * says which environment is in the keychain, why it cannot be reached and the ways out — still
 * exit 4 — and client credentials, when configured, still work there.
 */
import { describe, expect, it } from 'vitest';
import { useServers } from '../../test-support/servers.ts';
import { assertClean, cli, login, type Machine, machine } from './auth-session-fixtures.ts';

const servers = useServers();

function sessionBus(): string {
  const address = process.env.DBUS_SESSION_BUS_ADDRESS;
  if (!address) {
    throw new Error(
      'No D-Bus session: run through `npm test` or `bash scripts/with-keyring.sh npx vitest run …`.',
    );
  }
  return address;
}

/** The same user and config directory, as cron sees them: no DBUS_SESSION_BUS_ADDRESS. */
const underCron = (m: Machine): Machine => ({ ...m, env: { TOKENRELAY_CONFIG_DIR: m.configDir } });

function expectExplained(stderr: string, environment: string): void {
  expect(stderr).toContain('Not authenticated:');
  expect(stderr).toContain(`stored credentials for ${environment} in the OS keychain`);
  expect(stderr).toContain('DBUS_SESSION_BUS_ADDRESS is not set');
  expect(stderr).toContain('as under cron');
  expect(stderr).toContain("'tokenrelay auth login --insecure-storage'");
  expect(stderr).toContain('export DBUS_SESSION_BUS_ADDRESS');
  expect(stderr).toContain('client credentials');
}

describe('a keychain session seen from cron', () => {
  it('every command says the keychain holds it and cannot be reached, exit 4', async () => {
    const desktop = machine({ DBUS_SESSION_BUS_ADDRESS: sessionBus() });
    const api = servers.api.url;
    const loggedIn = await login(desktop, servers.provider, { apiUrl: api, args: [] });
    expect(loggedIn.stderr).toContain('Stored in Secret Service');
    const cron = underCron(desktop);

    const token = await cli(cron, ['auth', 'token'], { TOKENRELAY_API_URL: api });
    expect(token.code).toBe(4);
    expect(token.stdout).toBe('');
    expectExplained(token.stderr, api);

    // No environment configured at all: the only one the index knows is named.
    const bare = await cli(cron, ['auth', 'token']);
    expect(bare.code).toBe(4);
    expectExplained(bare.stderr, api);

    const validate = await cli(cron, ['validate'], { TOKENRELAY_API_URL: api });
    expect(validate.code).toBe(4);
    expectExplained(validate.stderr, api);

    const status = await cli(cron, ['auth', 'status'], { TOKENRELAY_API_URL: api });
    expect(status.code).toBe(4);
    expectExplained(status.stderr, api);
    const json = await cli(cron, ['auth', 'status', '--json'], { TOKENRELAY_API_URL: api });
    expect(json.code).toBe(4);
    // --json failures are one shape everywhere: {"error": {code, exit_code, message, next_step}}.
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'auth', exit_code: 4 });
    expectExplained(JSON.parse(json.stdout).error.message, api);

    // The desktop, with its bus, still reads the session.
    const back = await cli(desktop, ['auth', 'token'], { TOKENRELAY_API_URL: api });
    expect(back.code, back.stderr).toBe(0);
    assertClean(desktop, { access: back.stdout.trim() }, [token, bare, validate, status, json], []);
    await cli(desktop, ['auth', 'logout'], { TOKENRELAY_API_URL: api });
  }, 60_000);

  it('client credentials still answer under cron; auth status shows the keychain note', async () => {
    const desktop = machine({ DBUS_SESSION_BUS_ADDRESS: sessionBus() });
    const api = servers.api.url;
    await login(desktop, servers.provider, { apiUrl: api, args: [] });
    const cron = underCron(desktop);
    const { provider } = servers;
    const creds = {
      TOKENRELAY_API_URL: api,
      TOKENRELAY_ISSUER: provider.issuer,
      TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
      TOKENRELAY_CLIENT_SECRET: provider.clients.basic.clientSecret,
    };
    const token = await cli(cron, ['auth', 'token'], creds);
    expect(token.code, token.stderr).toBe(0);
    const status = await cli(cron, ['auth', 'status'], creds);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Keychain: +'tokenrelay auth login' stored credentials for /);
    await cli(desktop, ['auth', 'logout'], { TOKENRELAY_API_URL: api });
  }, 60_000);
});
