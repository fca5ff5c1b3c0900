/**
 * One job, two real servers on two ports: the suite's node-oidc-provider (server A, the
 * Action's) and Django OAuth Toolkit (server B, which a later step names). What the Action
 * wrote for its job is a whole identity: a step naming another server or client reads none of
 * it, and the post step revokes with what its main step saved, never with TOKENRELAY_* a later
 * step put in GITHUB_ENV. (issue 18, reproductions 1 and 2; issue 19 item 2)
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDjango } from '../../test-support/django-server.ts';
import { type FaultFront, startFaultFront } from '../../test-support/fault-front.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import { type ActionRun, runActionMain, runActionPost } from '../../test-support/run-action.ts';
import { type CliRun, runCli } from '../../test-support/run-cli.ts';

const dot = useDjango({ oidc: true, extendMetadata: true });
let a: TestProvider;
let elsewhere: FaultFront;

beforeAll(async () => {
  a = await startProvider();
  elsewhere = await startFaultFront();
});
afterAll(async () => {
  await a?.close();
  await elsewhere?.close();
});

/** A later `run:` step: the job's variables plus everything GITHUB_ENV exported so far. */
function laterStep(main: ActionRun, args: string[], extra: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, {
    home: main.dirs.home,
    cwd: main.dirs.workspace,
    env: {
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      RUNNER_TEMP: main.dirs.temp,
      GITHUB_WORKSPACE: main.dirs.workspace,
      ...main.env,
      ...extra,
    },
  });
}

const withoutMasks = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.includes('::add-mask::'))
    .join('\n');

function assertClean(runs: (ActionRun | CliRun)[], secrets: Record<string, string>, dirs: string[]) {
  for (const run of runs)
    assertNoLeaks({
      secrets,
      texts: { stdout: withoutMasks(run.stdout), stderr: withoutMasks(run.stderr) },
      dirs,
    });
}

/** Server A by its token endpoint alone (no discovery), client A, opaque tokens A can revoke. */
const clientA = (more: Record<string, string> = {}) => ({
  'token-endpoint': a.tokenEndpoint,
  'client-id': a.clients.basic.clientId,
  'client-secret': a.clients.basic.clientSecret,
  resource: a.resources.opaque,
  'api-url': `${a.issuer}/api`,
  params: 'audience_hint=server-a',
  ...more,
});

describe('a later step naming server B', () => {
  it("contacts B with B's client; A's token endpoint, revocation endpoint, API URL and params stay with A", async () => {
    const main = await runActionMain({ inputs: clientA({ 'revocation-endpoint': a.revocationEndpoint }) });
    expect(main.code, main.stdout).toBe(0);
    expect(main.env.TOKENRELAY_JOB_FILE).toBeTruthy();
    a.resetRecords();

    const b = dot.clients.basic;
    const later = await laterStep(main, ['exchange', '-v'], {
      TOKENRELAY_ISSUER: dot.issuer,
      TOKENRELAY_CLIENT_ID: b.clientId,
      TOKENRELAY_CLIENT_SECRET: b.clientSecret,
      TOKENRELAY_SCOPE: 'read',
    });
    expect(later.code, later.stderr).toBe(0);
    // A received nothing: not B's credentials, not a request of any kind.
    expect(a.requests).toEqual([]);
    const token = later.stdout.trim();
    expect(await dot.introspect(token)).toMatchObject({ active: true, client_id: b.clientId });
    // -v says which layer named the server and the client, and why the job file was not read.
    expect(later.stderr).toContain(
      `identity: server ${dot.issuer} (TOKENRELAY_ISSUER); client id ${b.clientId} (TOKENRELAY_CLIENT_ID)`,
    );
    expect(later.stderr).toContain('are not used, none of them: this step names another server or client');
    expect(later.stderr).not.toContain(a.tokenEndpoint);
    expect(later.stderr).not.toContain('warning');

    // The same job, a step naming nothing: the job's own identity, whole (A, from the job's cache).
    const same = await laterStep(main, ['auth', 'token', '-v']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toBe(`${main.outputs.token}\n`);
    expect(same.stderr).toContain(
      `${a.tokenEndpoint} (TOKENRELAY_TOKEN_ENDPOINT, set by the Action for this job)`,
    );

    const post = await runActionPost(main, {
      inputs: clientA({ 'revocation-endpoint': a.revocationEndpoint }),
    });
    expect(post.code).toBe(0);
    assertClean([main, later, same, post], { a: a.clients.basic.clientSecret, b: b.clientSecret }, [
      main.dirs.workspace,
      main.dirs.home,
      main.dirs.temp,
    ]);
  }, 60_000);
});

describe("export-settings: the variables tokenrelay exported are the job's identity too", () => {
  it('a step naming server B sets all of them aside; a step naming nothing uses them whole', async () => {
    // No params: those the job file alone carries (the token cache's key includes them).
    const inputs = clientA({
      'revocation-endpoint': a.revocationEndpoint,
      'export-settings': 'true',
      params: '',
    });
    const main = await runActionMain({ inputs });
    expect(main.code, main.stdout).toBe(0);
    expect(main.env.TOKENRELAY_TOKEN_ENDPOINT).toBe(a.tokenEndpoint);
    a.resetRecords();
    const b = dot.clients.basic;
    // Only the exported variables: no job file in this step.
    const later = await laterStep(main, ['exchange', '-v'], {
      TOKENRELAY_JOB_FILE: '',
      TOKENRELAY_ISSUER: dot.issuer,
      TOKENRELAY_CLIENT_ID: b.clientId,
      TOKENRELAY_CLIENT_SECRET: b.clientSecret,
      TOKENRELAY_SCOPE: 'read',
    });
    expect(later.code, later.stderr).toBe(0);
    expect(a.requests).toEqual([]);
    expect(await dot.introspect(later.stdout.trim())).toMatchObject({ active: true, client_id: b.clientId });
    expect(later.stderr).not.toContain('warning');

    const same = await laterStep(main, ['auth', 'token', '-v'], { TOKENRELAY_JOB_FILE: '' });
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toBe(`${main.outputs.token}\n`);
    expect(same.stderr).toContain(
      `${a.tokenEndpoint} (TOKENRELAY_TOKEN_ENDPOINT, set by the Action for this job)`,
    );
    const post = await runActionPost(main, { inputs });
    expect(post.code).toBe(0);
    assertClean([main, later, same, post], { a: a.clients.basic.clientSecret, b: b.clientSecret }, [
      main.dirs.workspace,
      main.dirs.home,
    ]);
  }, 60_000);
});

describe('the post step uses its saved state and its inputs, not what later steps exported', () => {
  const redirected = () => ({
    TOKENRELAY_REVOCATION_ENDPOINT: `${elsewhere.url}/revoke`,
    TOKENRELAY_TOKEN_ENDPOINT: `${elsewhere.url}/token`,
    TOKENRELAY_ISSUER: elsewhere.url,
    TOKENRELAY_CLIENT_ID: 'someone-else',
  });

  it("a revocation endpoint appended to GITHUB_ENV does not receive client A's secret", async () => {
    // No revocation endpoint is known to the main step (token endpoint alone, no discovery).
    const main = await runActionMain({ inputs: clientA() });
    expect(main.code, main.stdout).toBe(0);
    elsewhere.requests.length = 0;
    const post = await runActionPost(main, { inputs: clientA(), env: redirected() });
    expect(post.code).toBe(0);
    expect(elsewhere.requests).toEqual([]);
    expect(post.stdout).toContain('no revocation endpoint is known');
    assertClean([main, post], { a: a.clients.basic.clientSecret }, [main.dirs.workspace, main.dirs.home]);
  }, 30_000);

  it('revokes at A with client A, whatever client id and endpoints later steps exported', async () => {
    // The client as the job's variables give it (job-level env), which GITHUB_ENV can override.
    const {
      'client-id': _,
      'client-secret': __,
      ...inputs
    } = clientA({ 'revocation-endpoint': a.revocationEndpoint });
    const jobEnv = {
      TOKENRELAY_CLIENT_ID: a.clients.basic.clientId,
      TOKENRELAY_CLIENT_SECRET: a.clients.basic.clientSecret,
    };
    const main = await runActionMain({ inputs, env: jobEnv });
    expect(main.code, main.stdout).toBe(0);
    const token = main.outputs.token!;
    elsewhere.requests.length = 0;
    a.resetRecords();
    const post = await runActionPost(main, { inputs, env: { ...jobEnv, ...redirected() } });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('Token revoked');
    expect(a.revoked).toContain(token);
    expect(elsewhere.requests).toEqual([]);
    assertClean([main, post], { a: a.clients.basic.clientSecret, token }, [
      main.dirs.workspace,
      main.dirs.home,
    ]);
  }, 30_000);
});

describe('keep-fresh: the post step can always delete the job file', () => {
  it('a main step failing after the job file is written leaves no secret behind, and its state names the file', async () => {
    const inputs = clientA({ 'keep-fresh': 'true', 'revocation-endpoint': a.revocationEndpoint });
    const job = { home: '', workspace: '', temp: '', runnerFiles: '' };
    const first = await runActionMain({ inputs });
    Object.assign(job, first.dirs);
    // GITHUB_OUTPUT is a directory: the step fails at its first output, after the job file.
    const outputDir = join(job.runnerFiles, 'output-is-a-directory');
    mkdirSync(outputDir);
    const main = await runActionMain({ inputs, job, env: { GITHUB_OUTPUT: outputDir } });
    expect(main.code).not.toBe(0);
    const state = JSON.parse(main.state.tokenrelay ?? '{}') as { files?: string[] };
    const jobFile = state.files?.find((f) => f.includes('tokenrelay-job-'));
    expect(jobFile, main.stdout).toBeTruthy();
    expect(existsSync(jobFile!)).toBe(false);
    const post = await runActionPost(main, { inputs });
    expect(post.code).toBe(0);
    const left = readdirSync(job.temp).filter((n) => n.startsWith('tokenrelay-job-'));
    // The first (successful) step's file is its own post step's to delete; nothing of the failed one.
    expect(left).toEqual([first.env.TOKENRELAY_JOB_FILE!.split('/').pop()]);
    assertClean([main, post], { a: a.clients.basic.clientSecret }, [job.workspace, job.home]);
  }, 30_000);
});

describe("keep-fresh, a later step giving only a secret: the job's identity is used whole, its secret included", () => {
  it("client A's token endpoint never receives the step's other secret", async () => {
    const main = await runActionMain({ inputs: clientA({ 'keep-fresh': 'true' }) });
    expect(main.code, main.stdout).toBe(0);
    expect(main.env.TOKENRELAY_JOB_FILE).toBeTruthy();
    a.resetRecords();
    const other = dot.clients.basic.clientSecret;
    // A step that exports a secret for some other tool under tokenrelay's name, and mints afresh.
    const later = await laterStep(main, ['exchange', '--cache-dir', 'none', '-v'], {
      TOKENRELAY_CLIENT_SECRET: other,
    });
    // A was asked with A's own secret (B's is refused there: invalid_client, 401).
    expect(a.tokenRequests().map((r) => r.status)).toEqual([200]);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stderr).toContain(
      "TOKENRELAY_CLIENT_SECRET is set aside: the Action's settings for this job are used whole, their secret included",
    );
    // The job file under RUNNER_TEMP holds A's secret by design (keep-fresh); B's is nowhere.
    assertClean([main, later], { a: a.clients.basic.clientSecret, b: other }, [
      main.dirs.workspace,
      main.dirs.home,
    ]);
    assertNoLeaks({ secrets: { b: other }, dirs: [main.dirs.temp] });
  }, 60_000);
});

describe("env-name TOKENRELAY_TOKEN: the token the Action exported belongs to the job's identity", () => {
  it("a later step naming server B gets B's token from auth token, not A's", async () => {
    const main = await runActionMain({ inputs: clientA({ 'env-name': 'TOKENRELAY_TOKEN' }) });
    expect(main.code, main.stdout).toBe(0);
    expect(main.env.TOKENRELAY_TOKEN).toBe(main.outputs.token);
    const b = dot.clients.basic;
    const later = await laterStep(main, ['auth', 'token', '-v'], {
      TOKENRELAY_ISSUER: dot.issuer,
      TOKENRELAY_CLIENT_ID: b.clientId,
      TOKENRELAY_CLIENT_SECRET: b.clientSecret,
    });
    expect(later.code, later.stderr).toBe(0);
    const token = later.stdout.trim();
    expect(token).not.toBe(main.outputs.token);
    expect(await dot.introspect(token)).toMatchObject({ active: true, client_id: b.clientId });
    expect(later.stderr).toContain(
      "TOKENRELAY_TOKEN is the token the Action exported for this job's identity",
    );
    // A step naming nothing still gets the job's token from the variable.
    const same = await laterStep(main, ['auth', 'token']);
    expect(same.stdout.trim()).toBe(main.outputs.token);
    assertClean([main, later, same], { a: a.clients.basic.clientSecret, b: b.clientSecret }, [
      main.dirs.workspace,
      main.dirs.home,
    ]);
  }, 60_000);
});
