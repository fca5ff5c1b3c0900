/**
 * The committed Action bundles (main, then post) against Django OAuth Toolkit 1.7 whose
 * discovery metadata is extended with its revocation and introspection endpoints, as a
 * deployment would (issue 10, items 3, 4 and 9). Whether the post step really revoked is
 * asked of the server itself, by RFC 7662 introspection. Every run is leak-scanned.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DjangoClient, useDjango } from '../../test-support/django-server.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { type ActionRun, runActionMain, runActionPost } from '../../test-support/run-action.ts';

const dot = useDjango({ oidc: true, extendMetadata: true });

const logOf = (run: ActionRun) =>
  run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

function assertClean(run: ActionRun, client: DjangoClient) {
  assertNoLeaks({
    secrets: { secret: client.clientSecret },
    texts: { log: logOf(run), stderr: run.stderr, summary: run.summary },
    dirs: [run.dirs.workspace, run.dirs.home],
    files: Object.values(run.files),
  });
}

const credentials = (client: DjangoClient) => ({
  'client-id': client.clientId,
  'client-secret': client.clientSecret,
});

describe('main + post', () => {
  it('by discovery: issuer /o, validated against the profile view; the post step revokes', async () => {
    const client = dot.clients.basic;
    const inputs = {
      ...credentials(client),
      issuer: dot.issuer,
      scope: 'read',
      'api-url': dot.url,
      'profile-path': dot.profilePath,
      tenant: 'acme',
      validate: 'true',
    };
    const main = await runActionMain({ inputs });
    expect(main.code, main.stdout).toBe(0);
    const token = main.outputs.token!;
    expect(main.outputs).toMatchObject({ identity: client.clientId, tenant: 'acme', scope: 'read' });
    expect(await dot.introspect(token)).toMatchObject({ active: true, client_id: client.clientId });

    const post = await runActionPost(main, { inputs });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('tokenrelay: Token revoked.');
    expect((await dot.introspect(token)).active).toBe(false);
    assertClean(main, client);
    assertClean(post, client);
  });

  it('by setting: token-endpoint and revocation-endpoint inputs, client_secret_post', async () => {
    const client = dot.clients.post;
    const inputs = {
      ...credentials(client),
      'token-endpoint': dot.tokenEndpoint,
      'revocation-endpoint': dot.revocationEndpoint,
      'client-auth': 'client_secret_post',
    };
    const main = await runActionMain({ inputs });
    expect(main.code, main.stdout).toBe(0);
    const token = main.outputs.token!;
    expect((await dot.introspect(token)).active).toBe(true);
    const post = await runActionPost(main, { inputs });
    expect(post.stdout).toContain('tokenrelay: Token revoked.');
    expect((await dot.introspect(token)).active).toBe(false);
    assertClean(main, client);
    assertClean(post, client);
  });

  it('no revocation endpoint known: one notice line saying until when the token stays valid', async () => {
    const client = dot.clients.basic;
    const inputs = { ...credentials(client), 'token-endpoint': dot.tokenEndpoint };
    const main = await runActionMain({ inputs });
    expect(main.code, main.stdout).toBe(0);
    const post = await runActionPost(main, { inputs });
    expect(post.code).toBe(0);
    const notices = post.commands.filter((c) => c.name === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toContain(`until ${main.outputs['expires-at']!.slice(0, 19)}`);
    expect(notices[0]!.message).toMatch(
      /^tokenrelay: the token stays valid until \d{4}-\d\d-\d\dT[\d:.]+Z: no revocation endpoint is known .*Set revocation-endpoint to revoke it when the job ends\.$/,
    );
    expect(post.commands.filter((c) => c.name === 'warning')).toEqual([]);
    expect((await dot.introspect(main.outputs.token!)).active).toBe(true);
    assertClean(main, client);
    assertClean(post, client);
  });
});

describe('a failing main step leaves nothing live', () => {
  it('a tenant the token cannot use: exit 4, and the token is revoked (by discovery)', async () => {
    const client = dot.clients.basic;
    const before = await dot.liveTokens(client.clientId);
    const inputs = {
      ...credentials(client),
      issuer: dot.issuer,
      'api-url': dot.url,
      'profile-path': dot.profilePath,
      tenant: 'globex',
      validate: 'true',
    };
    const main = await runActionMain({ inputs });
    expect(main.code).toBe(4);
    const error = main.commands.find((c) => c.name === 'error')!;
    expect(error.message).toContain('tenant globex is not among the tenants this token can use: acme.');
    expect(error.message).toContain('The token minted for this run was revoked.');
    expect(error.message).toContain('Set input tenant to one of them');
    expect(main.outputs.token).toBeUndefined();
    expect(await dot.liveTokens(client.clientId)).toEqual(before);
    assertClean(main, client);
  });

  it('an export that fails after minting (no step-output file): exit 2, and the token is revoked', async () => {
    const client = dot.clients.post;
    const before = await dot.liveTokens(client.clientId);
    const inputs = { ...credentials(client), issuer: dot.issuer };
    const main = await runActionMain({
      inputs,
      env: { GITHUB_OUTPUT: join(tmpdir(), 'tokenrelay-no-such-dir', 'output') },
    });
    expect(main.code).toBe(2);
    const error = main.commands.find((c) => c.name === 'error')!;
    expect(error.message).toContain('The token minted for this run was revoked.');
    expect(await dot.liveTokens(client.clientId)).toEqual(before);
    assertClean(main, client);
  });

  it('a refused env-name (PATH) is exit 2 before anything is minted', async () => {
    const client = dot.clients.post;
    const before = await dot.liveTokens(client.clientId);
    const main = await runActionMain({
      inputs: { ...credentials(client), issuer: dot.issuer, 'env-name': 'PATH' },
    });
    expect(main.code).toBe(2);
    const error = main.commands.find((c) => c.name === 'error')!;
    expect(error.message).toContain('falls under the rule PATH');
    expect(error.message).not.toContain('minted');
    expect(await dot.liveTokens(client.clientId)).toEqual(before);
    assertClean(main, client);
  });

  it('a wrong secret is exit 4, naming input client-id', async () => {
    const client = { ...dot.clients.basic, clientSecret: 'not-the-secret-of-this-client' };
    const main = await runActionMain({
      inputs: { ...credentials(client), issuer: dot.issuer, retries: '0' },
    });
    expect(main.code).toBe(4);
    const error = main.commands.find((c) => c.name === 'error')!;
    expect(error.message).toMatch(/\(invalid_client\)\. Check input client-id and/);
    assertClean(main, client);
  });
});
