/**
 * Two real servers on two ports, one shell: TOKENRELAY_* name server A (the suite's provider:
 * its issuer, its client, its secret), while config.toml's `[hosts."B"]` maps server B's host
 * (Django OAuth Toolkit) to a profile naming B's token endpoint and client. The host's section
 * is the more specific word: git, docker and kubectl asking about B's host never get a token A
 * minted (nor does A's secret go anywhere for it); a secret the environment gives without
 * naming an identity still goes with the profile's client, and hosts without a section keep
 * the environment's identity.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDjango } from '../../test-support/django-server.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import {
  assertNoTokenLeft,
  cli,
  clientCredentialsEnv,
  type HelperMachine,
  helperMachine,
  loginSession,
  type Run,
  sessionSecrets,
} from './credential-fixtures.ts';

let provider: TestProvider;
beforeAll(async () => {
  provider = await startProvider();
});
afterAll(async () => provider?.close());
const django = useDjango();

const hostOf = (url: string) => new URL(url).host;

function machineWithHostSection(): HelperMachine {
  const m = helperMachine();
  writeFileSync(
    join(m.configDir, 'config.toml'),
    [
      '[profiles.dot]',
      `token_endpoint = "${django.tokenEndpoint}"`,
      `client_id = "${django.clients.basic.clientId}"`,
      '',
      `[hosts."${hostOf(django.url)}"]`,
      'profile = "dot"',
      'username = "dot-user"',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return m;
}

const gitGet = (m: HelperMachine, host: string, env: Record<string, string>, args: string[] = []) =>
  cli(m, ['credential', 'git', 'get', ...args], env, `protocol=http\nhost=${host}\n\n`);

const kubectlInfo = (server: string) =>
  JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    spec: { interactive: false, cluster: { server } },
  });

describe('a host mapped to server B while TOKENRELAY_* name server A', () => {
  it('git, docker and kubectl get no token from A for B, and A is not asked', async () => {
    const m = machineWithHostSection();
    const envA = {
      ...clientCredentialsEnv(provider),
      TOKENRELAY_TOKEN: 'tr_given_token_for_server_A_9f8e7d',
    };
    provider.resetRecords();
    const git = await gitGet(m, hostOf(django.url), envA, ['-v']);
    const docker = await cli(m, ['credential', 'docker', 'get'], envA, django.url);
    const kubectl = await cli(m, ['credential', 'kubectl'], {
      ...envA,
      KUBERNETES_EXEC_INFO: kubectlInfo(django.url),
    });
    // The helper's own --profile (a kubeconfig's exec args) is as specific as a host's section.
    const kubectlProfile = await cli(m, ['credential', 'kubectl', '--profile', 'dot'], envA);
    for (const run of [git, docker, kubectl, kubectlProfile]) {
      expect(run.code, run.stderr).not.toBe(0);
      expect(run.stdout).not.toMatch(/password=|"Secret"|"token"/);
    }
    expect(provider.tokenRequests()).toHaveLength(0);
    // The failure says why the environment's variables did not answer, and the ways out.
    expect(docker.stderr).toContain('gives this host profile dot, and it has no token');
    expect(kubectlProfile.stderr).toContain("--profile dot names this helper's server, and it has no token");
    expect(docker.stderr).toContain('tokenrelay auth login --profile dot');
    // -v says why the environment did not answer for this host.
    expect(git.stderr).toContain(
      'credential helper: profile dot names another identity than the environment (issuer ',
    );
    expect(git.stderr).toMatch(
      /TOKENRELAY_ISSUER, TOKENRELAY_CLIENT_ID, TOKENRELAY_CLIENT_SECRET, TOKENRELAY_TOKEN set aside for this host/,
    );
    assertNoTokenLeft(m, { secretA: provider.clients.basic.clientSecret, tokenA: envA.TOKENRELAY_TOKEN }, [
      git,
      docker,
      kubectl,
      kubectlProfile,
    ]);
  });

  it("B's host gets B's token when the environment gives only the secret; A's host keeps A's", async () => {
    const m = machineWithHostSection();
    const b = django.clients.basic;
    const runs: Run[] = [];
    const gitB = await gitGet(m, hostOf(django.url), { TOKENRELAY_CLIENT_SECRET: b.clientSecret });
    runs.push(gitB);
    expect(gitB.code, gitB.stderr).toBe(0);
    expect(gitB.stdout).toContain('username=dot-user');
    const tokenB = /^password=(.+)$/m.exec(gitB.stdout)?.[1] ?? '';
    expect(await django.introspect(tokenB)).toMatchObject({ active: true, client_id: b.clientId });

    // A host with no section: the environment's identity answers, as for any command.
    provider.resetRecords();
    const gitA = await gitGet(m, '127.0.0.1', clientCredentialsEnv(provider));
    runs.push(gitA);
    expect(gitA.code, gitA.stderr).toBe(0);
    expect(gitA.stdout).toContain('username=oauth2');
    expect(provider.tokenRequests()).toHaveLength(1);
    const tokenA = /^password=(.+)$/m.exec(gitA.stdout)?.[1] ?? '';
    expect(tokenA).not.toBe(tokenB);
    // A token the shell holds for everything (what `eval "$(tokenrelay exchange --export shell)"`
    // leaves) names no server: B's host is not handed it, and gets B's own token.
    const shellToken = { TOKENRELAY_TOKEN: tokenA, TOKENRELAY_CLIENT_SECRET: b.clientSecret };
    const gitB2 = await gitGet(m, hostOf(django.url), shellToken);
    runs.push(gitB2);
    expect(gitB2.code, gitB2.stderr).toBe(0);
    expect(gitB2.stdout).not.toContain(tokenA);
    expect(gitB2.stdout).toContain(`password=${tokenB}`);
    // A host with no section still gets the shell's token, as every command does.
    const gitA2 = await gitGet(m, '127.0.0.1', { TOKENRELAY_TOKEN: tokenA });
    runs.push(gitA2);
    expect(gitA2.stdout).toContain(`password=${tokenA}`);
    assertNoTokenLeft(
      m,
      { secretA: provider.clients.basic.clientSecret, secretB: b.clientSecret },
      // The tokens belong on stdout (the protocol); their stderr must hold none.
      runs.map((r) => ({ ...r, stdout: '' })),
    );
  });

  it("a person's session answers for the host mapped to it, beside CI settings for another client", async () => {
    const m = helperMachine();
    await loginSession(m, provider);
    writeFileSync(
      join(m.configDir, 'config.toml'),
      [
        '[profiles.mine]',
        `issuer = "${provider.issuer}"`,
        `client_id = "${provider.clients.native.clientId}"`,
        '',
        '[hosts."git.example.com"]',
        'profile = "mine"',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    // The shell also holds the CI client's settings (same server, another client).
    provider.resetRecords();
    const run = await cli(
      m,
      ['credential', 'git', 'get'],
      clientCredentialsEnv(provider),
      'protocol=https\nhost=git.example.com\n\n',
    );
    expect(run.code, run.stderr).toBe(0);
    const token = /^password=(.+)$/m.exec(run.stdout)?.[1] ?? '';
    expect(token).toBe(sessionSecrets(m)[`accessToken of ${provider.issuer}`]);
    // The CI client's secret went nowhere: no token request at all.
    expect(provider.tokenRequests()).toHaveLength(0);
    assertNoTokenLeft(m, { secret: provider.clients.basic.clientSecret }, [run]);
  });
});
