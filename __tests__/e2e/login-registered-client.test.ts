/**
 * A login with no client id registers tokenrelay at the server once (RFC 7591) and keeps the
 * registration; logging in again — to the active environment, named or not — reuses it
 * (issue 21 item 6). A server without open registration would refuse a second one.
 */

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fakeBrowserCommand, startCli, tempDir } from '../../test-support/cli-process.ts';
import { approveDevice, completeBrowserLogin } from '../../test-support/provider-login.ts';
import { useServers } from '../../test-support/servers.ts';
import { assertClean, type Machine, machine, stored, storedSecrets } from './auth-session-fixtures.ts';

const servers = useServers();

async function deviceLoginWithoutClientId(m: Machine, args: string[]) {
  const cli = startCli(['auth', 'login', '--device', '--insecure-storage', ...args], {
    env: m.env,
    home: m.home,
    cwd: m.cwd,
  });
  const [, complete] = await cli.waitForStderr(/Or open (\S+) to have the code filled in/);
  await approveDevice(complete!);
  const result = await cli.exited;
  expect(result.code, result.stderr).toBe(0);
  return result;
}

const registrations = () =>
  servers.provider.requests.filter(
    (r) => r.method === 'POST' && r.path === new URL(servers.provider.registrationEndpoint).pathname,
  );

describe('the dynamically registered login client', () => {
  it('is registered once and reused by every later login to the environment', async () => {
    const m = machine();
    servers.provider.resetRecords();
    const first = await deviceLoginWithoutClientId(m, [
      '--issuer',
      servers.provider.issuer,
      '--api-url',
      servers.api.url,
    ]);
    expect(registrations()).toHaveLength(1);
    const client = stored(m, servers.api.url, 'client');
    expect(client).toMatchObject({ issuer: servers.provider.issuer });
    expect(stored(m, servers.api.url, 'oauth')).toMatchObject({ clientId: client!.clientId });

    // Again, naming nothing: the only (active) environment, and its client.
    const again = await deviceLoginWithoutClientId(m, ['-v']);
    expect(again.stderr).toContain(`login: client ${client!.clientId} (cached registration)`);
    // And after logging out: the registration is no login, and stays.
    const out = startCli(['auth', 'logout'], { env: m.env, home: m.home, cwd: m.cwd });
    expect((await out.exited).code).toBe(0);
    const third = await deviceLoginWithoutClientId(m, [
      '--issuer',
      servers.provider.issuer,
      '--api-url',
      servers.api.url,
      '-v',
    ]);
    expect(third.stderr).toContain('(cached registration)');
    expect(registrations()).toHaveLength(1);
    assertClean(m, storedSecrets(m), [first, again, third]);
  }, 90_000);

  it('a second API behind the same issuer, and a device login after a fixed-port one, reuse it', async () => {
    const m = machine();
    const browserDir = tempDir('browser');
    const fake = fakeBrowserCommand(browserDir);
    servers.provider.resetRecords();
    // A browser login on a fixed port registers the client for that port.
    const port = await freePort();
    const browser = startCli(
      ['auth', 'login', '--issuer', servers.provider.issuer, '--port', String(port), '--insecure-storage'],
      { env: { ...m.env, BROWSER: fake.command }, home: m.home, cwd: m.cwd },
    );
    const { redirect } = await completeBrowserLogin(await fake.nextUrl());
    await (await fetch(redirect!)).text();
    const first = await browser.exited;
    expect(first.code, first.stderr).toBe(0);
    expect(registrations()).toHaveLength(1);
    const client = stored(m, servers.provider.issuer, 'client')!;

    // The device flow redirects nowhere: the registration serves it as it is.
    const device = await deviceLoginWithoutClientId(m, ['--issuer', servers.provider.issuer, '-v']);
    expect(device.stderr).toContain(`login: client ${client.clientId} (cached registration)`);
    // An API behind the same issuer is another environment, but the same server.
    const other = await deviceLoginWithoutClientId(m, [
      '--issuer',
      servers.provider.issuer,
      '--api-url',
      servers.api.url,
      '-v',
    ]);
    expect(other.stderr).toContain(`login: client ${client.clientId} (cached registration)`);
    // A browser login with no --port listens on the port the registration allows.
    const again = startCli(['auth', 'login', '--issuer', servers.provider.issuer, '--insecure-storage'], {
      env: { ...m.env, BROWSER: fake.command },
      home: m.home,
      cwd: m.cwd,
    });
    const url = new URL(await fake.nextUrl());
    expect(url.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`);
    const back = await completeBrowserLogin(url.href);
    await (await fetch(back.redirect!)).text();
    expect((await again.exited).code).toBe(0);
    expect(registrations()).toHaveLength(1);
    assertClean(m, storedSecrets(m), [first, device, other]);
  }, 90_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
