/**
 * Keyless CI gone wrong, through the dist bundles: each mistake gets its exit code and a
 * message that says what to change — and no run leaks the CI token or the request token.
 * The provider decides every rejection here; tokenrelay decides only what it can know
 * without asking (no permission, an empty or expired variable).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CiIssuer, startCiIssuer } from '../../test-support/ci-issuer.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { FEDERATION_CLIENT, startProvider, type TestProvider } from '../../test-support/provider.ts';
import { type ActionRun, runActionMain } from '../../test-support/run-action.ts';
import { type CliRun, runCli } from '../../test-support/run-cli.ts';

let ci: CiIssuer;
let provider: TestProvider;
/** Offers jwt-bearer only: token exchange is `unsupported_grant_type` there. */
let jwtOnly: TestProvider;

beforeAll(async () => {
  ci = await startCiIssuer();
  provider = await startProvider({ federation: { ciIssuer: ci } });
  jwtOnly = await startProvider({ federation: { ciIssuer: ci, grants: ['jwt-bearer'] } });
});
afterAll(async () => {
  await jwtOnly?.close();
  await provider?.close();
  await ci?.close();
});
beforeEach(() => {
  ci.configure({});
  ci.issued.length = 0;
  provider.resetRecords();
});

/** The Action's error annotation, as the runner shows it. */
const errorOf = (run: ActionRun) => run.commands.find((c) => c.name === 'error')?.message ?? '';

function assertActionClean(run: ActionRun) {
  const secrets: Record<string, string> = { requestToken: ci.requestToken };
  ci.issued.forEach((t, i) => {
    secrets[`ciToken${i + 1}`] = t;
  });
  const log = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  assertNoLeaks({
    secrets,
    texts: { log, stderr: run.stderr, summary: run.summary },
    files: Object.values(run.files),
    dirs: [run.dirs.workspace, run.dirs.home, run.dirs.temp],
  });
  expect(run.outputs.token).toBeUndefined();
}

function assertCliClean(run: CliRun, ciToken: string) {
  assertNoLeaks({
    secrets: { ciToken },
    texts: { stdout: run.stdout, stderr: run.stderr },
    dirs: [run.home],
  });
  expect(run.stdout).toBe('');
}

const gitlab = (server: TestProvider, token: string | undefined, mode = 'jwt-bearer') =>
  runCli(['exchange', '--federation', mode, '--client-id', FEDERATION_CLIENT], {
    env: { GITLAB_CI: 'true', TOKENRELAY_ISSUER: server.issuer, TOKENRELAY_ID_TOKEN: token },
  });

describe('rejected by the server (exit 4)', () => {
  it('wrong audience: the message shows the aud sent and what to configure', async () => {
    const run = await runActionMain({
      inputs: {
        method: 'oidc',
        issuer: provider.issuer,
        'client-id': FEDERATION_CLIENT,
        'oidc-audience': 'https://wrong.example',
      },
      env: ci.githubEnv(),
    });
    expect(run.code).toBe(4);
    const message = errorOf(run);
    expect(message).toContain('aud "https://wrong.example"');
    expect(message).toContain('sub "repo:octo/repo:ref:refs/heads/main"');
    expect(message).toContain('oidc-audience');
    expect(message).toContain(`audience mismatch, expected aud "${provider.issuer}"`);
    expect(provider.federationSeen.at(-1)?.refused).toMatch(/audience mismatch/);
    assertActionClean(run);
  });

  it('wrong audience on GitLab points at id_tokens: aud in .gitlab-ci.yml', async () => {
    const ciToken = await ci.mintGitLab('https://wrong.example');
    const run = await gitlab(provider, ciToken);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('aud "https://wrong.example"');
    expect(run.stderr).toContain('id_tokens: TOKENRELAY_ID_TOKEN: in .gitlab-ci.yml');
    assertCliClean(run, ciToken);
  });

  it('a CI token signed by a key the issuer does not publish', async () => {
    const ciToken = await ci.mintGitLab(provider.issuer, { signing: 'unknown-key' });
    const run = await gitlab(provider, ciToken);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('signature verification failed');
    expect(provider.federationSeen.at(-1)?.refused).toBe('signature verification failed');
    assertCliClean(run, ciToken);
  });

  it('an unsigned CI token (alg: none) from the GitHub endpoint', async () => {
    ci.configure({ signing: 'none' });
    const run = await runActionMain({
      inputs: {
        method: 'oidc',
        federation: 'jwt-bearer',
        issuer: provider.issuer,
        'client-id': FEDERATION_CLIENT,
      },
      env: ci.githubEnv(),
    });
    expect(run.code).toBe(4);
    expect(errorOf(run)).toContain('the signing algorithm is not allowed');
    expect(ci.issued[0]!.endsWith('.')).toBe(true);
    assertActionClean(run);
  });

  it('an expired CI token is refused before anything is sent (GitLab cannot renew it)', async () => {
    const ciToken = await ci.mintGitLab(provider.issuer, { expiredBy: 120 });
    const run = await gitlab(provider, ciToken);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/The CI token in TOKENRELAY_ID_TOKEN expired at \d{4}-/);
    expect(run.stderr).toContain('cannot renew it');
    expect(provider.tokenRequests()).toHaveLength(0);
    assertCliClean(run, ciToken);
  });

  it('a server without token exchange (unsupported_grant_type) says which modes to try', async () => {
    const ciToken = await ci.mintGitLab(jwtOnly.issuer);
    const run = await gitlab(jwtOnly, ciToken, 'token-exchange');
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('unsupported_grant_type');
    expect(run.stderr).toContain('Try federation: jwt-bearer or client-assertion');
    assertCliClean(run, ciToken);
  });
});

describe('configuration mistakes (exit 2, nothing sent)', () => {
  it('a job without `permissions: id-token: write` is shown the YAML to add', async () => {
    const run = await runActionMain({
      inputs: { method: 'oidc', issuer: provider.issuer, 'client-id': FEDERATION_CLIENT },
    });
    expect(run.code).toBe(2);
    const message = errorOf(run);
    expect(message).toContain('permissions: id-token: write');
    expect(message).toContain('permissions:\n  id-token: write');
    expect(provider.tokenRequests()).toHaveLength(0);
    assertActionClean(run);
  });

  it('an empty GitLab variable shows the id_tokens block to declare', async () => {
    const run = await gitlab(provider, '');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('The CI token variable TOKENRELAY_ID_TOKEN is empty or not set.');
    expect(run.stderr).toContain(`id_tokens:\n    TOKENRELAY_ID_TOKEN:\n      aud: ${provider.issuer}`);
    expect(provider.tokenRequests()).toHaveLength(0);
  });

  it('a GitLab variable that is not a JWT is refused without echoing it', async () => {
    const notJwt = 'glcbt-not-a-jwt-at-all-7f3a9c';
    const run = await gitlab(provider, notJwt);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('does not hold a JWT');
    expect(provider.tokenRequests()).toHaveLength(0);
    assertCliClean(run, notJwt);
  });

  it('an unknown federation mode', async () => {
    const run = await gitlab(provider, 'x', 'saml-bearer');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Use one of: token-exchange, jwt-bearer, client-assertion.');
  });
});
