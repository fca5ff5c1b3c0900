/**
 * `docker-credential-tokenrelay` with Debian's skopeo against Debian's docker-registry, whose
 * token service hands out registry tokens only for an access token the suite's provider
 * issued. Push and pull through a stored session and through client credentials; a token
 * that expires between two skopeo commands is replaced on the next; nothing the helper is
 * given lands in docker's config, skopeo's output or the registry's log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerGate, type TokenGate } from '../../test-support/bearer-check.ts';
import { ociImage } from '../../test-support/oci-image.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import { type Registry, startRegistry } from '../../test-support/registry-server.ts';
import {
  assertNoTokenLeft,
  cli,
  clientCredentialsEnv,
  type HelperMachine,
  helperMachine,
  loginSession,
  presentedSecrets,
  type Run,
  sessionSecrets,
  sleep,
  tool,
} from './credential-fixtures.ts';

// Tokens live TTL seconds and are reused until 2 s before the end (the machines' refresh
// window): several commands share one, and one used before a TTL + 1 s pause is dead after it.
const TTL = 15;
let provider: TestProvider;
let gate: TokenGate;
let registry: Registry;
let image: string;

beforeAll(async () => {
  provider = await startProvider({ accessTokenTtlSeconds: TTL });
  gate = providerGate(provider.issuer);
  registry = await startRegistry(gate);
  image = ociImage();
});
afterAll(async () => {
  await registry?.close();
  await provider?.close();
});

const skopeo = (m: HelperMachine, args: string[]) => tool(m, 'skopeo', ['--insecure-policy', ...args]);
const push = (m: HelperMachine, ref: string) =>
  skopeo(m, [
    'copy',
    '--quiet',
    '--dest-tls-verify=false',
    `oci:${image}:latest`,
    `docker://${registry.host}/${ref}`,
  ]);
const pull = (m: HelperMachine, ref: string, to: string) =>
  skopeo(m, ['copy', '--quiet', '--src-tls-verify=false', `docker://${registry.host}/${ref}`, `dir:${to}`]);
const inspect = (m: HelperMachine, ref: string) =>
  skopeo(m, ['inspect', '--tls-verify=false', `docker://${registry.host}/${ref}`]);

async function setUp(m: HelperMachine): Promise<Run> {
  const setup = await cli(m, ['credential', 'setup-docker', '--registry', registry.host]);
  expect(setup.code, setup.stderr).toBe(0);
  const config = JSON.parse(readFileSync(join(m.home, '.docker', 'config.json'), 'utf8'));
  expect(config).toEqual({ credHelpers: { [registry.host]: 'tokenrelay' } });
  return setup;
}

describe('docker-credential-tokenrelay with skopeo', () => {
  it('without a token the registry refuses, and the helper says "not found" so skopeo goes anonymous', async () => {
    const m = helperMachine();
    await setUp(m);
    const helper = await tool(m, 'sh', ['-c', `echo ${registry.host} | docker-credential-tokenrelay get`]);
    expect(helper.code).toBe(4);
    expect(helper.stdout).toBe('credentials not found in native keychain\n');
    expect(helper.stderr).toContain('Not authenticated.');
    const run = await push(m, 'team/anonymous:1');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/unauthorized|authentication required/i);
  });

  it('through a stored session: push, pull, a token expiring between commands refreshed', async () => {
    const m = helperMachine();
    await loginSession(m, provider);
    const runs: Run[] = [await setUp(m)];
    const pushed = await push(m, 'team/app:1');
    runs.push(pushed);
    expect(pushed.code, pushed.stderr).toBe(0);
    const first = gate.presented.at(-1)!;
    expect(sessionSecrets(m)[`accessToken of ${provider.issuer}`]).toBe(first);

    await sleep((TTL + 1) * 1000);
    expect(await gate.accepts(first)).toBe(false);
    const pulled = await pull(m, 'team/app:1', join(m.work, 'pulled'));
    runs.push(pulled);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(readFileSync(join(m.work, 'pulled', 'manifest.json'), 'utf8')).toContain(
      'application/vnd.oci.image',
    );
    const second = gate.presented.at(-1)!;
    expect(second).not.toBe(first);
    expect(sessionSecrets(m)[`accessToken of ${provider.issuer}`]).toBe(second);

    assertNoTokenLeft(
      m,
      { ...sessionSecrets(m), ...presentedSecrets(gate.presented) },
      [...runs, { code: 0, stdout: registry.log(), stderr: '' }],
      [registry.dir],
    );
  }, 120_000);

  it('through client credentials: one token request for several commands, a new one after expiry', async () => {
    const m = helperMachine(clientCredentialsEnv(provider));
    const runs: Run[] = [await setUp(m)];
    provider.resetRecords();
    const pushed = await push(m, 'team/cc:1');
    runs.push(pushed);
    expect(pushed.code, pushed.stderr).toBe(0);
    const looked = await inspect(m, 'team/cc:1');
    runs.push(looked);
    expect(looked.code, looked.stderr).toBe(0);
    expect(JSON.parse(looked.stdout)).toMatchObject({ Name: `${registry.host}/team/cc` });
    expect(provider.tokenRequests()).toHaveLength(1);
    const first = gate.presented.at(-1)!;

    await sleep((TTL + 1) * 1000);
    const again = await inspect(m, 'team/cc:1');
    runs.push(again);
    expect(again.code, again.stderr).toBe(0);
    expect(gate.presented.at(-1)).not.toBe(first);
    expect(provider.tokenRequests()).toHaveLength(2);

    // `docker logout` (erase): the cached token is dropped, the next use mints.
    const erase = await tool(m, 'sh', ['-c', `echo ${registry.host} | docker-credential-tokenrelay erase`]);
    runs.push(erase);
    expect(erase.code, erase.stderr).toBe(0);
    const afterErase = await inspect(m, 'team/cc:1');
    runs.push(afterErase);
    expect(afterErase.code, afterErase.stderr).toBe(0);
    expect(provider.tokenRequests()).toHaveLength(3);

    // `docker login` (store): refused with a message the client shows; nothing is written.
    const store = await tool(m, 'sh', [
      '-c',
      `printf '{"ServerURL":"%s","Username":"u","Secret":"a-password-typed-at-docker-login"}' ${registry.host} | docker-credential-tokenrelay store`,
    ]);
    runs.push(store);
    expect(store.code).toBe(2);
    expect(store.stdout).toContain('stores no registry password');
    const list = await tool(m, 'docker-credential-tokenrelay', ['list']);
    expect(list.stdout).toBe('{}\n');

    assertNoTokenLeft(
      m,
      {
        secret: provider.clients.basic.clientSecret,
        typed: 'a-password-typed-at-docker-login',
        ...presentedSecrets(gate.presented),
      },
      [...runs, { code: 0, stdout: registry.log(), stderr: '' }],
      [registry.dir],
    );
  }, 120_000);
});
