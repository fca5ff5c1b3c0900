/**
 * A whole job, the way the runner runs it: the Action's committed bundles (main, then post
 * at the end of the job) and, between them, later `run:` steps calling the CLI bundle with
 * the job's environment — RUNNER_TEMP, GITHUB_ACTIONS and what the Action exported through
 * the GITHUB_ENV file command. Tokens live six seconds, so one job outlives several of them;
 * the provider's request log counts every mint.
 */
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CiIssuer, startCiIssuer } from '../../test-support/ci-issuer.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { FEDERATION_CLIENT, startProvider, type TestProvider } from '../../test-support/provider.ts';
import { type ActionRun, runActionMain, runActionPost } from '../../test-support/run-action.ts';
import { type CliRun, runCli } from '../../test-support/run-cli.ts';

const TTL = 6;
let provider: TestProvider;
let ci: CiIssuer;

beforeAll(async () => {
  ci = await startCiIssuer();
  provider = await startProvider({ accessTokenTtlSeconds: TTL, federation: { ciIssuer: ci } });
});
afterAll(async () => {
  await provider?.close();
  await ci?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
      GITHUB_REPOSITORY: 'octo/repo',
      GITHUB_RUN_ID: '1',
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

function assertStepsClean(runs: (ActionRun | CliRun)[], secrets: Record<string, string>, dirs: string[]) {
  for (const run of runs) {
    assertNoLeaks({
      secrets,
      texts: { stdout: withoutMasks(run.stdout), stderr: withoutMasks(run.stderr) },
      dirs,
    });
  }
}

const cc = () => ({
  issuer: provider.issuer,
  'client-id': provider.clients.basic.clientId,
  'client-secret': provider.clients.basic.clientSecret,
  // Opaque tokens: the provider revokes those (not its JWTs), so the post step can be checked.
  resource: provider.resources.opaque,
});

describe('client credentials: later steps of the job', () => {
  it('without keep-fresh: the cached token while it lives, then exit 4 saying how to opt in', async () => {
    provider.resetRecords();
    const main = await runActionMain({ inputs: cc() });
    expect(main.code, main.stdout).toBe(0);
    const token = main.outputs.token!;
    const jobFile = main.env.TOKENRELAY_JOB_FILE!;
    expect(jobFile.startsWith(main.dirs.temp)).toBe(true);
    expect(statSync(jobFile).mode & 0o777).toBe(0o600);

    const steps: CliRun[] = [];
    for (let i = 0; i < 3; i++) steps.push(await laterStep(main, ['auth', 'token']));
    // exchange too: without the secret it still finds the token the job minted.
    steps.push(await laterStep(main, ['exchange']));
    for (const step of steps) {
      expect(step.code, step.stderr).toBe(0);
      expect(step.stdout).toBe(`${token}\n`);
    }
    expect(provider.tokenRequests()).toHaveLength(1);

    await sleep((TTL + 1) * 1000);
    const late = await laterStep(main, ['auth', 'token']);
    expect(late.code).toBe(4);
    expect(late.stderr).toContain('expired');
    expect(late.stderr).toContain('keep-fresh: true');
    expect(late.stdout).toBe('');
    expect(provider.tokenRequests()).toHaveLength(1);

    const post = await runActionPost(main, { inputs: cc() });
    expect(post.code).toBe(0);
    expect(existsSync(jobFile)).toBe(false);
    // Without the opt-in the secret is nowhere but the runner's own input variables.
    const secret = provider.clients.basic.clientSecret;
    assertStepsClean([main, post, ...steps, late], { secret }, [
      main.dirs.temp,
      main.dirs.workspace,
      main.dirs.home,
    ]);
    // The token only on the stdout of the steps that asked for it.
    assertStepsClean([late, post], { token }, [main.dirs.workspace, main.dirs.home]);
    for (const s of steps) assertNoLeaks({ secrets: { token }, texts: { stderr: withoutMasks(s.stderr) } });
  }, 30_000);

  it('keep-fresh: later steps mint again when the token enters its refresh window; post revokes them all', async () => {
    provider.resetRecords();
    const inputs = { ...cc(), 'keep-fresh': 'true' };
    // When each token was first seen, from the start of the step that got it: it was minted no
    // earlier, so it lives at least until then + TTL.
    const mintedNoEarlier = new Map<string, number>();
    const mainStarted = Date.now();
    const main = await runActionMain({ inputs });
    expect(main.code, main.stdout).toBe(0);
    const first = main.outputs.token!;
    const jobFile = main.env.TOKENRELAY_JOB_FILE!;
    expect(jobFile.startsWith(main.dirs.temp)).toBe(true);
    expect(statSync(jobFile).mode & 0o777).toBe(0o600);

    const tokens = new Set<string>([first]);
    mintedNoEarlier.set(first, mainStarted);
    const steps: CliRun[] = [];
    const step = async (args: string[] = ['auth', 'token']) => {
      const started = Date.now();
      const run = await laterStep(main, args);
      const t = run.stdout.trim();
      if (t && !mintedNoEarlier.has(t)) mintedNoEarlier.set(t, started);
      expect(run.code, run.stderr).toBe(0);
      steps.push(run);
      return run;
    };
    // Ten calls across three token lifetimes: one mint per lifetime, not one per call.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3; i++) tokens.add((await step()).stdout.trim());
      await sleep((TTL / 2) * 1000 + 300);
    }
    tokens.add((await step()).stdout.trim());
    expect(steps).toHaveLength(10);
    expect(tokens.size).toBeGreaterThanOrEqual(3);
    expect(provider.tokenRequests()).toHaveLength(tokens.size);

    const post = await runActionPost(main, { inputs });
    const postEnded = Date.now();
    expect(post.code).toBe(0);
    expect(existsSync(jobFile)).toBe(false);
    expect(readdirSync(join(main.dirs.temp, 'tokenrelay-cache')).filter((n) => n.endsWith('.json'))).toEqual(
      [],
    );
    // Every token of the job still alive when the post step ended was revoked (on a loaded
    // machine the older ones may have expired on their own, and the post step skips those).
    const live = [...tokens].filter((t) => (mintedNoEarlier.get(t) ?? 0) + TTL * 1000 > postEnded);
    expect(live.length).toBeGreaterThan(0);
    for (const t of live) expect(provider.revoked).toContain(t);

    const secret = provider.clients.basic.clientSecret;
    assertStepsClean([main, post, ...steps], { secret }, [main.dirs.workspace, main.dirs.home]);
    const tokenSecrets = Object.fromEntries([...tokens].map((t, i) => [`token${i + 1}`, t]));
    assertStepsClean([post], tokenSecrets, [main.dirs.workspace, main.dirs.home]);
  }, 40_000);

  it('a later `tokenrelay run` gets the job token in its child only', async () => {
    provider.resetRecords();
    const main = await runActionMain({ inputs: cc() });
    const run = await laterStep(main, [
      'run',
      '--',
      process.execPath,
      '-e',
      `process.exit(process.env.TOKENRELAY_TOKEN === ${JSON.stringify(main.outputs.token)} ? 3 : 9)`,
    ]);
    expect(run.code, run.stderr).toBe(3);
    expect(provider.tokenRequests()).toHaveLength(1);
    // A cached token belongs to the job: `run` leaves it for the post step.
    expect(provider.revoked).not.toContain(main.outputs.token);
    await runActionPost(main, { inputs: cc() });
    expect(provider.revoked).toContain(main.outputs.token);
  });
});

describe('federation: later steps ask GitHub for a new ID token', () => {
  it('uses the cached token, then exchanges a fresh CI token inside the refresh window', async () => {
    provider.resetRecords();
    ci.issued.length = 0;
    const inputs = { issuer: provider.issuer, method: 'oidc', 'client-id': FEDERATION_CLIENT, scope: 'read' };
    const main = await runActionMain({ inputs, env: ci.githubEnv() });
    expect(main.code, main.stdout).toBe(0);
    expect(ci.issued).toHaveLength(1);

    const cached = await laterStep(main, ['auth', 'token'], ci.githubEnv());
    expect(cached.code, cached.stderr).toBe(0);
    expect(cached.stdout).toBe(`${main.outputs.token}\n`);
    expect(ci.issued).toHaveLength(1);
    expect(provider.tokenRequests()).toHaveLength(1);

    await sleep((TTL / 2) * 1000 + 300);
    const renewed = await laterStep(main, ['auth', 'token'], ci.githubEnv());
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(renewed.stdout).not.toBe(cached.stdout);
    expect(ci.issued).toHaveLength(2);
    expect(provider.tokenRequests()).toHaveLength(2);
    const again = await laterStep(main, ['auth', 'token'], ci.githubEnv());
    expect(again.stdout).toBe(renewed.stdout);
    expect(provider.tokenRequests()).toHaveLength(2);

    const post = await runActionPost(main, { inputs, env: ci.githubEnv() });
    expect(post.code).toBe(0);
    // No secret is ever stored: the CI credentials appear in no file of the job.
    const ciSecrets: Record<string, string> = { requestToken: ci.requestToken };
    ci.issued.forEach((t, i) => {
      ciSecrets[`ci${i + 1}`] = t;
    });
    assertNoLeaks({ secrets: ciSecrets, dirs: [main.dirs.temp, main.dirs.workspace, main.dirs.home] });
    assertStepsClean([main, cached, renewed, again, post], ciSecrets, []);
  }, 30_000);
});

describe('GitLab: the same cache with --cache-dir', () => {
  it('a job reuses its federated token across script lines; another job (another CI token) mints its own', async () => {
    provider.resetRecords();
    const runtime = mkdtempSync(join(tmpdir(), 'tokenrelay-gitlab-'));
    const job = async () => ({
      GITLAB_CI: 'true',
      XDG_RUNTIME_DIR: runtime,
      TOKENRELAY_CACHE_DIR: 'auto',
      TOKENRELAY_ISSUER: provider.issuer,
      TOKENRELAY_FEDERATION: 'jwt-bearer',
      TOKENRELAY_CLIENT_ID: FEDERATION_CLIENT,
      TOKENRELAY_ID_TOKEN: await ci.mintGitLab(provider.issuer),
    });
    const first = await job();
    const a1 = await runCli(['auth', 'token'], { env: first });
    const a2 = await runCli(['exchange'], { env: first });
    expect(a1.code, a1.stderr).toBe(0);
    expect(a2.stdout).toBe(a1.stdout);
    expect(provider.tokenRequests()).toHaveLength(1);
    const second = await job();
    const b = await runCli(['auth', 'token'], { env: second });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).not.toBe(a1.stdout);
    expect(provider.tokenRequests()).toHaveLength(2);
    expect(statSync(join(runtime, 'tokenrelay')).mode & 0o777).toBe(0o700);
    // The CI tokens are never cached, nor written anywhere.
    assertNoLeaks({
      secrets: { ci1: first.TOKENRELAY_ID_TOKEN, ci2: second.TOKENRELAY_ID_TOKEN },
      texts: { a1: a1.stderr, a2: a2.stderr, b: b.stderr },
      dirs: [runtime, a1.home, b.home],
    });
  });
});
