/**
 * A person's login next to a machine's settings (issue 18 item 4): with a CI client's
 * TOKENRELAY_CLIENT_ID / TOKENRELAY_CLIENT_SECRET exported in the shell, `auth login
 * --client-id cli-native` signs in with the public login client alone, and the login accepts
 * the settings its requests carry (--client-auth, --param, --resource, --audience, --scope).
 */
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { CC_BASIC_SECRET, REPORTS_RESOURCE } from '../../test-support/provider-clients.ts';
import { useServers } from '../../test-support/servers.ts';
import { deviceLogin } from '../../test-support/session-login.ts';
import { cli, machine, stored } from './auth-session-fixtures.ts';

const servers = useServers();

/** The sandbox's export lines, pasted into the shell: a CI client and its secret. */
const ciExports = () => ({
  TOKENRELAY_CLIENT_ID: servers.provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: CC_BASIC_SECRET,
});

describe('auth login next to a CI client in the environment', () => {
  it("signs in with --client-id's public client and never sends the CI client's secret", async () => {
    const m = machine(ciExports());
    servers.provider.resetRecords();
    const result = await deviceLogin({
      issuer: servers.provider.issuer,
      clientId: servers.provider.clients.native.clientId,
      env: m.env,
      home: m.home,
      cwd: m.cwd,
      args: ['--insecure-storage', '--resource', REPORTS_RESOURCE, '--param', 'ui_locales=en'],
    });
    expect(result.stderr).toContain(`Logged in to ${servers.provider.issuer}`);
    const sent = servers.provider.requests.filter((r) => r.path === '/device/auth' || r.path === '/token');
    expect(sent.length).toBeGreaterThan(1);
    for (const request of sent) {
      expect(request.headers.authorization, request.path).toBeUndefined();
      expect(request.form?.client_secret, request.path).toBeUndefined();
      expect(request.form?.client_id, request.path).toBe('cli-native');
      // --resource and --param reach every request of the login.
      expect(request.form?.resource, request.path).toBe(REPORTS_RESOURCE);
      expect(request.form?.ui_locales, request.path).toBe('en');
    }
    expect(stored(m, servers.provider.issuer, 'oauth')).toMatchObject({ clientId: 'cli-native' });
    assertNoLeaks({ secrets: [CC_BASIC_SECRET], texts: { stderr: result.stderr, stdout: result.stdout } });
  });

  it('a refused login names --client-id as given and says the CI secret was not sent (4)', async () => {
    const m = machine(ciExports());
    const args = ['auth', 'login', '--device', '--issuer', servers.provider.issuer, '--client-id', 'no-such'];
    const result = await cli(m, [...args, '--insecure-storage']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toContain('(invalid_client)');
    expect(result.stderr).toContain('--client-id no-such');
    expect(result.stderr).toContain('TOKENRELAY_CLIENT_SECRET was not sent');
    expect(result.stderr).not.toContain('TOKENRELAY_CLIENT_ID');
    assertNoLeaks({ secrets: [CC_BASIC_SECRET], texts: { stderr: result.stderr, stdout: result.stdout } });
  });

  it('accepts the client and target settings its requests send, checked as the table says', async () => {
    const m = machine();
    const base = ['auth', 'login', '--device', '--issuer', servers.provider.issuer];
    const auth = await cli(m, [...base, '--client-auth', 'basic']);
    expect(auth.code).toBe(2);
    expect(auth.stderr).toContain("Unknown --client-auth 'basic'.");
    expect(auth.stderr).not.toContain('unknown option');
    const param = await cli(m, [...base, '--param', 'scope=admin']);
    expect(param.code).toBe(2);
    expect(param.stderr).toContain('--param scope cannot be set');
    expect(param.stderr).toContain('Use --scope instead.');
    const help = await cli(m, ['auth', 'login', '--help']);
    for (const flag of [
      '--client-auth',
      '--client-secret',
      '--param',
      '--resource',
      '--audience',
      '--scope',
    ]) {
      expect(help.stdout, flag).toContain(flag);
    }
    assertNoLeaks({
      secrets: [CC_BASIC_SECRET],
      texts: { auth: auth.stderr, param: param.stderr, help: help.stdout },
      dirs: [m.cwd],
    });
  });
});
