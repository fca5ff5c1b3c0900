/**
 * Keyless CI end to end, through the committed dist bundles: the Action with the runner's
 * OIDC variables pointing at a real JWT issuer on loopback, and the CLI with a GitLab-style
 * `id_tokens` variable or a token file — exchanged at the real oidc-provider, which verifies
 * the CI token against the issuer's JWKS. Every run goes through the leak scanner with the
 * CI token, the runner's request token and the minted token as secrets.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CiIssuer, GITHUB_SUB, GITLAB_SUB, startCiIssuer } from '../../test-support/ci-issuer.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import {
  FEDERATED_CLIENT,
  FEDERATION_CLIENT,
  startProvider,
  type TestProvider,
} from '../../test-support/provider.ts';
import { type ActionRun, runActionMain, runActionPost } from '../../test-support/run-action.ts';
import { type CliRun, newHome, runCli } from '../../test-support/run-cli.ts';

let ci: CiIssuer;
let provider: TestProvider;

beforeAll(async () => {
  ci = await startCiIssuer();
  provider = await startProvider({ federation: { ciIssuer: ci } });
});
afterAll(async () => {
  await provider?.close();
  await ci?.close();
});
beforeEach(() => {
  ci.configure({});
  ci.issued.length = 0;
  ci.requests.length = 0;
  provider.resetRecords();
});

const logOf = (run: ActionRun) =>
  run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

/** The minted token may sit in outputs/state (that is their job); the CI credentials nowhere. */
function assertActionClean(run: ActionRun, minted?: string) {
  const ciSecrets: Record<string, string> = { requestToken: ci.requestToken };
  ci.issued.forEach((t, i) => {
    ciSecrets[`ciToken${i + 1}`] = t;
  });
  const all: Record<string, string> = minted ? { ...ciSecrets, minted } : ciSecrets;
  assertNoLeaks({
    secrets: all,
    texts: { log: logOf(run), stderr: run.stderr, summary: run.summary },
    dirs: [run.dirs.workspace, run.dirs.home],
  });
  assertNoLeaks({ secrets: ciSecrets, files: Object.values(run.files), dirs: [run.dirs.temp] });
}

function assertCliClean(run: CliRun, ciToken: string, minted?: string) {
  const secrets: Record<string, string> = minted ? { ciToken, minted } : { ciToken };
  assertNoLeaks({ secrets, texts: { stderr: run.stderr }, dirs: [run.home] });
  assertNoLeaks({ secrets: { ciToken }, texts: { stdout: run.stdout } });
}

const githubInputs = (extra: Record<string, string>) => ({ issuer: provider.issuer, ...extra });

describe('the Action in a job with `permissions: id-token: write`', () => {
  it('method oidc: token exchange by default, for the issuer as audience, tenant sent as a parameter', async () => {
    const run = await runActionMain({
      inputs: githubInputs({
        method: 'oidc',
        'client-id': FEDERATION_CLIENT,
        scope: 'read',
        tenant: 'acme',
        'tenant-param': 'tenant',
        workspace: 'ops',
        'workspace-param': 'workspace',
      }),
      env: ci.githubEnv(),
    });
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      method: 'oidc',
      source: 'federation',
      tenant: 'acme',
      workspace: 'ops',
    });
    expect(run.outputs.scope).toBe('read');
    const token = run.outputs.token!;
    const claims = decodeJwt(token);
    // The provider verified the CI token and put what it trusted into the token it issued.
    expect(claims).toMatchObject({ ci_sub: GITHUB_SUB, ci_iss: ci.issuer, tenant: 'acme', workspace: 'ops' });
    expect(claims.aud).toBe(provider.resources.api);
    // GitHub was asked for a token whose audience is the issuer, with the request token.
    const asked = ci.requests.filter((r) => r.path === '/_apis/oidc/token');
    expect(asked).toEqual([
      { path: '/_apis/oidc/token', audience: provider.issuer, authorized: true, status: 200 },
    ]);
    const seen = provider.federationSeen.at(-1)!;
    expect(seen.kind).toBe('token-exchange');
    expect(seen.params.subject_token_type).toBe('urn:ietf:params:oauth:token-type:id_token');
    // Masked before use: the request token, the CI token, the minted token.
    expect(run.masks).toContain(ci.requestToken);
    expect(run.masks).toContain(ci.issued[0]);
    expect(run.masks).toContain(token);
    // What the server saw, for whoever sets up trust.
    expect(run.summary).toContain('CI token claims');
    expect(run.summary).toContain('repo:octo/repo:ref:refs/heads/main');
    expect(run.summary).toContain('octo/repo');
    expect(run.stdout).toContain('tokenrelay: oidc from CI federation (token-exchange, GitHub Actions OIDC)');
    assertActionClean(run, token);
  });

  it('method auto picks federation when it is configured and no secret is given; post revokes', async () => {
    const inputs = githubInputs({
      federation: 'jwt-bearer',
      'client-id': FEDERATION_CLIENT,
      'oidc-audience': provider.issuer,
      resource: provider.resources.opaque,
    });
    const main = await runActionMain({ inputs, env: ci.githubEnv() });
    expect(main.code, main.stdout).toBe(0);
    expect(main.outputs).toMatchObject({ method: 'oidc', source: 'federation' });
    expect(provider.federationSeen.at(-1)?.kind).toBe('jwt-bearer');
    expect(provider.federationSeen.at(-1)?.refused).toBeUndefined();
    const post = await runActionPost(main, { inputs, env: ci.githubEnv() });
    expect(post.code).toBe(0);
    expect(provider.revoked).toContain(main.outputs.token);
    expect(post.stdout).toContain('Token revoked.');
    assertActionClean(main, main.outputs.token);
    assertActionClean(post, main.outputs.token);
  });

  it('client-assertion: the CI token authenticates the client; post revokes with a fresh one', async () => {
    const inputs = githubInputs({
      method: 'oidc',
      federation: 'client-assertion',
      'client-id': FEDERATED_CLIENT,
      resource: provider.resources.opaque,
      'env-name': 'API_TOKEN',
    });
    const main = await runActionMain({ inputs, env: ci.githubEnv() });
    expect(main.code, main.stdout).toBe(0);
    expect(main.env.API_TOKEN).toBe(main.outputs.token);
    const seen = provider.federationSeen.at(-1)!;
    expect(seen.kind).toBe('client-assertion');
    expect(seen.params).toMatchObject({
      grant_type: 'client_credentials',
      client_id: FEDERATED_CLIENT,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    });
    expect(seen.params.client_assertion).toBe(ci.issued[0]);
    const post = await runActionPost(main, { inputs, env: ci.githubEnv() });
    expect(post.code).toBe(0);
    expect(provider.revoked).toContain(main.outputs.token);
    expect(ci.issued).toHaveLength(2); // the post step asked GitHub for its own assertion
    expect(provider.federationSeen.at(-1)?.params.client_assertion).toBe(ci.issued[1]);
    assertActionClean(main, main.outputs.token);
    assertActionClean(post, main.outputs.token);
  });
});

describe('the CLI in a GitLab job', () => {
  it('jwt-bearer with the id_tokens variable; --export json shows the CI claims', async () => {
    const ciToken = await ci.mintGitLab(provider.issuer);
    const run = await runCli(
      ['exchange', '--federation', 'jwt-bearer', '--client-id', FEDERATION_CLIENT, '--export', 'json', '-v'],
      { env: { GITLAB_CI: 'true', TOKENRELAY_ISSUER: provider.issuer, TOKENRELAY_ID_TOKEN: ciToken } },
    );
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ method: 'oidc', source: 'federation' });
    expect(json.ci_claims).toMatchObject({
      iss: ci.issuer,
      sub: GITLAB_SUB,
      aud: provider.issuer,
      project_path: 'group/project',
      ref: 'main',
      ref_type: 'branch',
      pipeline_source: 'push',
    });
    // Display-only claims: nothing personal or run-specific beyond what trust setup needs.
    expect(json.ci_claims).not.toHaveProperty('user_login');
    expect(decodeJwt(json.token)).toMatchObject({ ci_sub: GITLAB_SUB });
    expect(run.stderr).toContain('from CI federation (jwt-bearer, TOKENRELAY_ID_TOKEN)');
    assertCliClean(run, ciToken, json.token);
  });

  it('TOKENRELAY_FEDERATION and a named variable (--id-token-env) work without flags for the mode', async () => {
    const ciToken = await ci.mintGitLab(provider.issuer);
    const run = await runCli(['exchange', '--id-token-env', 'API_ID_TOKEN'], {
      env: {
        GITLAB_CI: 'true',
        TOKENRELAY_FEDERATION: 'token-exchange',
        TOKENRELAY_CLIENT_ID: FEDERATION_CLIENT,
        TOKENRELAY_TOKEN_ENDPOINT: provider.tokenEndpoint,
        API_ID_TOKEN: ciToken,
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(decodeJwt(run.stdout.trim())).toMatchObject({ ci_sub: GITLAB_SUB });
    expect(provider.federationSeen.at(-1)?.params.subject_token).toBe(ciToken);
    assertCliClean(run, ciToken, run.stdout.trim());
  });

  it('auth token falls through to federation when TOKENRELAY_FEDERATION is set', async () => {
    const ciToken = await ci.mintGitLab(provider.issuer);
    const run = await runCli(['auth', 'token'], {
      env: {
        GITLAB_CI: 'true',
        TOKENRELAY_FEDERATION: 'jwt-bearer',
        TOKENRELAY_ISSUER: provider.issuer,
        TOKENRELAY_CLIENT_ID: FEDERATION_CLIENT,
        TOKENRELAY_ID_TOKEN: ciToken,
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(decodeJwt(run.stdout.trim())).toMatchObject({ ci_sub: GITLAB_SUB });
    assertCliClean(run, ciToken, run.stdout.trim());
  });

  it('--id-token-file, requested jwt: token_type N_A and issued_token_type are accepted', async () => {
    const ciToken = await ci.mintGitLab(provider.issuer);
    const home = newHome();
    const file = join(home, 'ci-token');
    writeFileSync(file, `${ciToken}\n`, { mode: 0o600 });
    const run = await runCli(
      [
        'exchange',
        '--federation',
        'token-exchange',
        '--id-token-file',
        file,
        '--subject-token-type',
        'jwt',
        '--requested-token-type',
        'jwt',
        '--client-id',
        FEDERATION_CLIENT,
        '--issuer',
        provider.issuer,
        '--export',
        'json',
      ],
      { home },
    );
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.token_type).toBe('N_A');
    expect(provider.federationSeen.at(-1)?.params).toMatchObject({
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      requested_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    });
    // The token file is the user's; only the CLI's own output and config are scanned.
    assertNoLeaks({ secrets: { ciToken }, texts: { stderr: run.stderr, stdout: run.stdout } });
  });
});
