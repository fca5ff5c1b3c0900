/**
 * The Action as the runner runs it: the committed dist bundles, INPUT_* variables, the
 * file-command files, workflow commands on stdout, then the post step with STATE_*.
 * Every run goes through the leak scanner.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { type ActionRun, newJob, runActionMain, runActionPost } from '../../test-support/run-action.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

/** stdout without the mask commands (whose whole point is to carry the secret to the runner). */
const logOf = (run: ActionRun) =>
  run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

/** Secrets may reach outputs/env/state only when they are the token itself; never anywhere else. */
function assertClean(run: ActionRun, secrets: Record<string, string>, inputSecrets: Record<string, string>) {
  assertNoLeaks({
    secrets,
    texts: { log: logOf(run), stderr: run.stderr, summary: run.summary },
    dirs: [run.dirs.workspace, run.dirs.home],
  });
  if (Object.keys(inputSecrets).length)
    assertNoLeaks({ secrets: inputSecrets, files: Object.values(run.files) });
}

const basic = () => ({
  issuer: servers.provider.issuer,
  'client-id': servers.provider.clients.basic.clientId,
  'client-secret': servers.provider.clients.basic.clientSecret,
});

describe('client credentials through the Action', () => {
  for (const debug of [false, true]) {
    it(`masks first, exports outputs, env and summary${debug ? ' (step debug on)' : ''}`, async () => {
      const run = await runActionMain({
        inputs: {
          ...basic(),
          scope: 'read',
          tenant: 'acme',
          'api-url': servers.api.url,
          validate: 'true',
          'env-name': 'API_TOKEN',
        },
        env: debug ? { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' } : {},
      });
      expect(run.stderr).toBe('');
      expect(run.code, run.stdout).toBe(0);
      const token = run.outputs.token!;
      expect(token.split('.')).toHaveLength(3);
      expect(run.env.API_TOKEN).toBe(token);
      expect(run.outputs['token-type']).toMatch(/^bearer$/i);
      expect(run.outputs['expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(Number(run.outputs['expires-in'])).toBeGreaterThan(60);
      expect(run.outputs).toMatchObject({ method: 'client-credentials', tenant: 'acme', scope: 'read' });
      expect(run.outputs.identity).toBe('cc-basic');
      expect(run.outputs.source).toBe('client-credentials');
      // The secret is masked before the step prints anything else; the token before it is
      // mentioned at all (the closing info line comes after outputs and env are written).
      const secret = servers.provider.clients.basic.clientSecret;
      expect(run.masks).toContain(secret);
      expect(run.masks).toContain(token);
      const names = run.commands.map((c) => c.name);
      expect(run.commands[0]).toMatchObject({ name: 'add-mask', message: secret });
      const tokenMask = run.commands.findIndex((c) => c.name === 'add-mask' && c.message === token);
      expect(tokenMask).toBeGreaterThan(0);
      expect(run.stdout.indexOf('tokenrelay: client-credentials from')).toBeGreaterThan(
        run.stdout.indexOf(`::add-mask::${token}`),
      );
      expect(names.slice(0, tokenMask).filter((n) => n !== 'add-mask' && n !== 'debug')).toEqual([]);
      expect(run.summary).toContain('client-credentials');
      expect(run.summary).toContain('acme');
      if (debug) expect(run.commands.some((c) => c.name === 'debug')).toBe(true);
      assertClean(run, { secret, token }, { secret });
      // The API saw the tenant header and the token.
      const seen = servers.api.requests.at(-1)!;
      expect(seen.headers['x-tenant']).toBe('acme');
    });
  }

  it('private_key_jwt from a PEM input', async () => {
    const pem = servers.provider.clients.jwt.keys.es256.privatePem;
    const run = await runActionMain({
      inputs: {
        issuer: servers.provider.issuer,
        'client-id': servers.provider.clients.jwt.clientId,
        'private-key': pem,
      },
    });
    expect(run.code, run.stdout).toBe(0);
    const pemLines = pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    for (const line of pemLines) expect(run.masks).toContain(line);
    assertClean(run, { pem, token: run.outputs.token! }, { pem });
  });

  it('the post step revokes what main minted and deletes the credentials file', async () => {
    const inputs = { ...basic(), resource: servers.provider.resources.opaque, 'credentials-file': 'true' };
    const main = await runActionMain({ inputs });
    expect(main.code, main.stdout).toBe(0);
    const file = main.outputs['credentials-file']!;
    expect(file.startsWith(main.dirs.temp)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const post = await runActionPost(main, { inputs });
    expect(post.code, post.stdout).toBe(0);
    expect(servers.provider.revoked).toContain(main.outputs.token);
    expect(existsSync(file)).toBe(false);
    expect(post.stdout).toContain('revoked');
    assertClean(
      post,
      { secret: inputs['client-secret'], token: main.outputs.token! },
      { secret: inputs['client-secret'] },
    );
  });

  it('revoke: false keeps the token; a revocation failure is only a warning', async () => {
    const inputs = { ...basic(), resource: servers.provider.resources.opaque, revoke: 'false' };
    const main = await runActionMain({ inputs });
    const post = await runActionPost(main, { inputs });
    expect(post.code).toBe(0);
    expect(servers.provider.revoked).not.toContain(main.outputs.token);

    const inputs2 = { ...basic(), resource: servers.provider.resources.opaque };
    const main2 = await runActionMain({ inputs: inputs2 });
    await servers.provider.close(); // the server is gone when the job ends
    const post2 = await runActionPost(main2, { inputs: inputs2, env: { INPUT_RETRIES: '0' } });
    await servers.replaceProvider();
    expect(post2.code).toBe(0);
    expect(post2.commands.some((c) => c.name === 'warning')).toBe(true);
  });

  it('two uses in one job keep their state apart', async () => {
    const job = newJob();
    const a = await runActionMain({
      job,
      inputs: { ...basic(), tenant: 'acme', resource: servers.provider.resources.opaque },
    });
    const b = await runActionMain({
      job,
      inputs: { ...basic(), tenant: 'globex', resource: servers.provider.resources.opaque },
    });
    expect(a.outputs.token).not.toBe(b.outputs.token);
    await runActionPost(b, { inputs: basic() });
    expect(servers.provider.revoked).toContain(b.outputs.token);
    expect(servers.provider.revoked).not.toContain(a.outputs.token);
    await runActionPost(a, { inputs: basic() });
    expect(servers.provider.revoked).toContain(a.outputs.token);
  });
});

describe('a PAT through the Action', () => {
  it('is validated against the profile endpoint and passed on', async () => {
    const run = await runActionMain({
      inputs: { token: TEST_API_KEYS.alicePat, 'api-url': servers.api.url, tenant: 'globex' },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      method: 'token',
      identity: 'alice',
      tenant: 'globex',
      token: TEST_API_KEYS.alicePat,
    });
    expect(run.masks).toContain(TEST_API_KEYS.alicePat);
    // Named in the Action's words: its input, not the CLI's flag.
    expect(run.stdout).toContain('tokenrelay: token from input token');
    expect(run.stdout).not.toContain('--token');
    // The PAT is the token: outputs may carry it, the log and the workspace may not.
    assertClean(run, { pat: TEST_API_KEYS.alicePat }, {});
  });

  it('a tenant the token cannot use is exit 4 and nothing is exported', async () => {
    const run = await runActionMain({
      inputs: { token: TEST_API_KEYS.alicePat, 'api-url': servers.api.url, tenant: 'initech' },
    });
    expect(run.code).toBe(4);
    expect(run.commands.find((c) => c.name === 'error')?.message).toContain('initech');
    expect(run.outputs).toEqual({});
    assertClean(run, { pat: TEST_API_KEYS.alicePat }, { pat: TEST_API_KEYS.alicePat });
  });

  it('a rejected PAT is exit 4', async () => {
    const bad = 'tr_pat_NotARealTokenAtAll123456';
    const run = await runActionMain({ inputs: { token: bad, 'api-url': servers.api.url } });
    expect(run.code).toBe(4);
    expect(run.commands.find((c) => c.name === 'error')?.message).toMatch(/rejected/);
    assertClean(run, { bad }, { bad });
  });
});

describe('bad input through the Action', () => {
  it('a wrong client secret is exit 4, says invalid_client, and never echoes the secret', async () => {
    const wrong = 'wr0ng:secret/with+chars=&x';
    const run = await runActionMain({ inputs: { ...basic(), 'client-secret': wrong } });
    expect(run.code).toBe(4);
    expect(run.commands.find((c) => c.name === 'error')?.message).toContain('invalid_client');
    expect(run.masks).toContain(wrong);
    assertClean(run, { wrong }, { wrong });
  });

  it('env-name NODE_OPTIONS is exit 2 and nothing is written', async () => {
    const run = await runActionMain({ inputs: { ...basic(), 'env-name': 'NODE_OPTIONS' } });
    expect(run.code).toBe(2);
    expect(run.env).toEqual({});
    expect(run.outputs).toEqual({});
  });

  it('no client id and no token is exit 2 and lists what is missing', async () => {
    const run = await runActionMain({ inputs: { issuer: servers.provider.issuer } });
    expect(run.code).toBe(2);
    const message = run.commands.find((c) => c.name === 'error')?.message ?? '';
    expect(message).toContain('client-id');
    expect(message).toContain('client-secret or private-key');
  });

  it('a private key that is not a key is exit 2 and nothing is sent', async () => {
    servers.provider.resetRecords();
    const run = await runActionMain({
      inputs: {
        issuer: servers.provider.issuer,
        'client-id': 'cc-jwt',
        'private-key': 'not-a-key-at-all-0123456789',
      },
    });
    expect(run.code).toBe(2);
    expect(servers.provider.requests).toHaveLength(0);
  });

  it('leaves nothing in the workspace', async () => {
    const run = await runActionMain({ inputs: { ...basic(), 'credentials-file': 'true' } });
    expect(run.code).toBe(0);
    expect(readdirSync(run.dirs.workspace)).toEqual([]);
  });
});
