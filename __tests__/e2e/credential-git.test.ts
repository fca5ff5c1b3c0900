/**
 * `tokenrelay credential git` with Debian's git: clone and push over smart HTTP to
 * `git http-backend` behind a server that accepts only the provider's tokens. Through a stored
 * session and through client credentials (the cache), a token that expires between two git
 * commands is replaced on the next one, a token the server rejects is erased so the next
 * command gets another, and no token is left in git's config, the clone or any output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerGate, type TokenGate } from '../../test-support/bearer-check.ts';
import { type CiIssuer, startCiIssuer } from '../../test-support/ci-issuer.ts';
import { tempDir } from '../../test-support/cli-process.ts';
import { type GitHttpServer, startGitHttpServer } from '../../test-support/git-http-server.ts';
import { FEDERATION_CLIENT, startProvider, type TestProvider } from '../../test-support/provider.ts';
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
// window): several git commands share one, and one used before a TTL + 1 s pause is dead after it.
const TTL = 15;
let provider: TestProvider;
let gate: TokenGate;
let server: GitHttpServer;

beforeAll(async () => {
  provider = await startProvider({ accessTokenTtlSeconds: TTL });
  gate = providerGate(provider.issuer);
  server = await startGitHttpServer(gate);
});
afterAll(async () => {
  await server?.close();
  await provider?.close();
});

const NO_PROMPT = { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', GIT_CONFIG_NOSYSTEM: '1' };

async function setUp(m: HelperMachine): Promise<Run> {
  const setup = await cli(m, ['credential', 'setup-git', '--host', `http://${server.host}`]);
  expect(setup.code, setup.stderr).toBe(0);
  const gitconfig = readFileSync(join(m.home, '.gitconfig'), 'utf8');
  expect(gitconfig).toContain(`[credential "http://${server.host}"]`);
  expect(gitconfig).toContain('helper = !tokenrelay credential git');
  return setup;
}

const git = (m: HelperMachine, args: string[], env: Record<string, string> = {}, cwd?: string) =>
  tool(
    m,
    'git',
    args,
    {
      ...NO_PROMPT,
      GIT_AUTHOR_NAME: 'A',
      GIT_AUTHOR_EMAIL: 'a@example.test',
      GIT_COMMITTER_NAME: 'A',
      GIT_COMMITTER_EMAIL: 'a@example.test',
      ...env,
    },
    cwd,
  );

async function commitAndPush(m: HelperMachine, clone: string, n: number, env: Record<string, string> = {}) {
  // The tests share the server's repository: each change is its own file.
  writeFileSync(join(clone, `change-${n}-${process.hrtime.bigint()}.txt`), `change ${n}\n`);
  const add = await git(m, ['add', '.'], env, clone);
  expect(add.code, add.stderr).toBe(0);
  const commit = await git(m, ['commit', '-q', '-m', `change ${n}`], env, clone);
  expect(commit.code, commit.stderr + commit.stdout).toBe(0);
  return git(m, ['push', '-q', 'origin', 'HEAD:main'], env, clone);
}

describe('git credential helper', () => {
  it('without the helper git is refused (the server really checks)', async () => {
    const m = helperMachine();
    const run = await git(m, ['clone', '-q', server.repoUrl, 'plain']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/terminal prompts disabled|Authentication failed|could not read Username/);
  });

  it('with no token tokenrelay says why on stderr, and git moves on to its next helper, then the prompt', async () => {
    const m = helperMachine();
    await setUp(m);
    const run = await git(m, ['clone', '-q', server.repoUrl, 'none']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("tokenrelay: Not authenticated. Run 'tokenrelay auth login'");
    expect(run.stderr).toContain('terminal prompts disabled');
  });

  it('a plain-http host off loopback gets no token: the reason on stderr, nothing minted', async () => {
    const m = helperMachine(clientCredentialsEnv(provider));
    provider.resetRecords();
    const run = await cli(m, ['credential', 'git', 'get'], {}, 'protocol=http\nhost=git.example.com\n\n');
    expect(run.code, run.stderr).toBe(0); // git then asks its next helper, or the terminal
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('not answering for http://git.example.com');
    expect(provider.tokenRequests()).toHaveLength(0);
    const local = await cli(m, ['credential', 'git', 'get'], {}, 'protocol=http\nhost=127.0.0.1:9\n\n');
    expect(local.code, local.stderr).toBe(0);
    const token = /^password=(.+)$/m.exec(local.stdout)?.[1];
    expect(token).toBeTruthy();
    assertNoTokenLeft(m, { secret: provider.clients.basic.clientSecret, token: token! }, [
      run,
      { code: 0, stdout: '', stderr: local.stderr },
    ]);
  });

  it('through a stored session: clone, push, a token expiring between commands refreshed, a rejected one erased', async () => {
    const m = helperMachine();
    await loginSession(m, provider);
    const runs: Run[] = [await setUp(m)];
    const before = gate.presented.length;

    const clone = await git(m, ['clone', '-q', server.repoUrl, 'repo']);
    runs.push(clone);
    expect(clone.code, clone.stderr).toBe(0);
    const repo = join(m.work, 'repo');
    expect(readFileSync(join(repo, 'README'), 'utf8')).toBe('hello from the suite\n');
    const first = gate.presented.at(-1)!;
    expect(sessionSecrets(m)[`accessToken of ${provider.issuer}`]).toBe(first);

    // The token's life runs out between two commands: the next one refreshes, no prompt.
    await sleep((TTL + 1) * 1000);
    expect(await gate.accepts(first)).toBe(false);
    const push = await commitAndPush(m, repo, 1);
    runs.push(push);
    expect(push.code, push.stderr).toBe(0);
    const second = gate.presented.at(-1)!;
    expect(second).not.toBe(first);
    expect(sessionSecrets(m)[`accessToken of ${provider.issuer}`]).toBe(second);

    // The server turns the token down (revoked, say): git erases it, the next command refreshes.
    gate.refuse(second);
    const refused = await git(m, ['fetch', '-q'], {}, repo);
    runs.push(refused);
    expect(refused.code).not.toBe(0);
    const again = await commitAndPush(m, repo, 2);
    runs.push(again);
    expect(again.code, again.stderr).toBe(0);
    const third = gate.presented.at(-1)!;
    expect(third).not.toBe(second);
    expect(sessionSecrets(m)[`accessToken of ${provider.issuer}`]).toBe(third);
    expect(gate.presented.length).toBeGreaterThan(before);

    const log = await git(m, ['log', '--oneline', 'origin/main'], {}, repo);
    expect(log.stdout).toContain('change 2');
    assertNoTokenLeft(
      m,
      { ...sessionSecrets(m), ...presentedSecrets(gate.presented) },
      [...runs, log],
      [server.root],
    );
  }, 120_000);

  it('through client credentials: minted once and cached, minted again after expiry, erased when rejected', async () => {
    const m = helperMachine(clientCredentialsEnv(provider));
    const runs: Run[] = [await setUp(m)];
    provider.resetRecords();

    const clone = await git(m, ['clone', '-q', server.repoUrl, 'repo']);
    runs.push(clone);
    expect(clone.code, clone.stderr).toBe(0);
    const repo = join(m.work, 'repo');
    const push = await commitAndPush(m, repo, 1);
    runs.push(push);
    expect(push.code, push.stderr).toBe(0);
    // Two git commands, several helper calls: one token request (the helpers' cache).
    expect(provider.tokenRequests()).toHaveLength(1);
    const first = gate.presented.at(-1)!;

    await sleep((TTL + 1) * 1000);
    const fetch = await git(m, ['fetch', '-q'], {}, repo);
    runs.push(fetch);
    expect(fetch.code, fetch.stderr).toBe(0);
    const second = gate.presented.at(-1)!;
    expect(second).not.toBe(first);
    expect(provider.tokenRequests()).toHaveLength(2);

    gate.refuse(second);
    const refused = await git(m, ['fetch', '-q'], {}, repo);
    runs.push(refused);
    expect(refused.code).not.toBe(0);
    const again = await commitAndPush(m, repo, 2);
    runs.push(again);
    expect(again.code, again.stderr).toBe(0);
    expect(gate.presented.at(-1)).not.toBe(second);
    expect(provider.tokenRequests()).toHaveLength(3);

    assertNoTokenLeft(
      m,
      { secret: provider.clients.basic.clientSecret, ...presentedSecrets(gate.presented) },
      runs,
      [server.root],
    );
  }, 120_000);
});

describe('git credential helper in a GitHub Actions job, by federation', () => {
  let ci: CiIssuer;
  let federating: TestProvider;
  let federatedGate: TokenGate;
  let federatedGit: GitHttpServer;
  beforeAll(async () => {
    ci = await startCiIssuer();
    federating = await startProvider({ federation: { ciIssuer: ci } });
    federatedGate = providerGate(federating.issuer);
    federatedGit = await startGitHttpServer(federatedGate);
  });
  afterAll(async () => {
    await federatedGit?.close();
    await federating?.close();
    await ci?.close();
  });

  it("exchanges the job's OIDC token, masks the token before git sees it, and mints once per job", async () => {
    const temp = tempDir('runner-temp');
    const m = helperMachine({
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: temp,
      GITHUB_REPOSITORY: 'octo/repo',
      GITHUB_RUN_ID: '7',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'build',
      ...ci.githubEnv(),
      TOKENRELAY_FEDERATION: 'token-exchange',
      TOKENRELAY_ISSUER: federating.issuer,
      TOKENRELAY_CLIENT_ID: FEDERATION_CLIENT,
    });
    const setup = await cli(m, ['credential', 'setup-git', '--host', `http://${federatedGit.host}`]);
    expect(setup.code, setup.stderr).toBe(0);
    federating.resetRecords();
    const clone = await git(m, ['clone', '-q', federatedGit.repoUrl, 'repo']);
    expect(clone.code, clone.stderr).toBe(0);
    const fetch = await git(m, ['fetch', '-q'], {}, join(m.work, 'repo'));
    expect(fetch.code, fetch.stderr).toBe(0);
    const token = federatedGate.presented.at(-1)!;
    expect(new Set(federatedGate.presented)).toEqual(new Set([token]));
    expect(federating.tokenRequests()).toHaveLength(1);
    expect(federating.lastTokenRequest()?.form?.grant_type).toBe(
      'urn:ietf:params:oauth:grant-type:token-exchange',
    );
    // The helper's stderr is git's: the runner hears of the token before anything can print it.
    expect(clone.stderr).toContain(`::add-mask::${token}`);
    const shown = (r: Run) =>
      r.stderr
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
    assertNoTokenLeft(
      m,
      {
        token,
        requestToken: ci.requestToken,
        ...Object.fromEntries(ci.issued.map((t, i) => [`ci token ${i}`, t])),
      },
      [setup, clone, fetch].map((r) => ({ ...r, stderr: shown(r) })),
      [federatedGit.root],
    );
  }, 60_000);
});
