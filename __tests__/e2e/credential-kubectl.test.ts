/**
 * `tokenrelay credential kubectl` as kubectl's exec credential plugin: kubectl v1.32 from the
 * machine image runs `get --raw` against an HTTPS endpoint that accepts only the provider's
 * tokens. Through a stored session and through client credentials (a `[hosts."…"]` section
 * picking the profile from the cluster's server); a token that expires between two kubectl
 * commands is replaced on the next; interactiveMode Never with no credentials fails with the
 * reason and never asks; no token in the kubeconfig, kubectl's cache or any output.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerGate, type TokenGate } from '../../test-support/bearer-check.ts';
import { findKubectl, type KubeEndpoint, startKubeEndpoint } from '../../test-support/kube-endpoint.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import {
  assertNoTokenLeft,
  cli,
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
let endpoint: KubeEndpoint;
let kubectl: string;

beforeAll(async () => {
  kubectl = findKubectl();
  provider = await startProvider({ accessTokenTtlSeconds: TTL });
  gate = providerGate(provider.issuer);
  endpoint = await startKubeEndpoint(gate);
});
afterAll(async () => {
  await endpoint?.close();
  await provider?.close();
});

const kube = (m: HelperMachine, args: string[]) => tool(m, kubectl, args);

/** The set-up the README shows: an exec user, a cluster, a context — with kubectl's own commands. */
async function setUp(m: HelperMachine): Promise<Run[]> {
  const steps = [
    [
      'config',
      'set-credentials',
      'tokenrelay',
      '--exec-api-version=client.authentication.k8s.io/v1',
      '--exec-command=tokenrelay',
      '--exec-arg=credential',
      '--exec-arg=kubectl',
      '--exec-interactive-mode=Never',
      '--exec-provide-cluster-info=true',
    ],
    [
      'config',
      'set-cluster',
      'suite',
      `--server=${endpoint.server}`,
      `--certificate-authority=${endpoint.caFile}`,
      '--embed-certs=true',
    ],
    ['config', 'set-context', 'suite', '--cluster=suite', '--user=tokenrelay'],
    ['config', 'use-context', 'suite'],
  ];
  const runs: Run[] = [];
  for (const args of steps) {
    const run = await kube(m, args);
    expect(run.code, run.stderr).toBe(0);
    runs.push(run);
  }
  return runs;
}

const whoami = (m: HelperMachine) => kube(m, ['get', '--raw', '/apis/suite.tokenrelay.test/v1/whoami']);

describe('kubectl exec credential plugin', () => {
  it('interactiveMode Never and no credentials: kubectl fails with the reason, nothing asked', async () => {
    const m = helperMachine();
    const runs = await setUp(m);
    const run = await whoami(m);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("tokenrelay: Not authenticated. Run 'tokenrelay auth login'");
    expect(runs).toHaveLength(4);
  });

  it('a cluster named by plain http off loopback gets no token: exit 2 before anything is minted', async () => {
    const m = helperMachine({ TOKENRELAY_CLIENT_SECRET: provider.clients.basic.clientSecret });
    provider.resetRecords();
    const execInfo = (server: string) =>
      JSON.stringify({
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        spec: { interactive: false, cluster: { server } },
      });
    const env = {
      TOKENRELAY_ISSUER: provider.issuer,
      TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
    };
    const run = await cli(m, ['credential', 'kubectl'], {
      ...env,
      KUBERNETES_EXEC_INFO: execInfo('http://cluster.example.com:6443'),
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('cluster.example.com:6443 is reached over plain http');
    expect(provider.tokenRequests()).toHaveLength(0);
    // Plain http to this machine is answered, as everywhere in tokenrelay.
    const local = await cli(m, ['credential', 'kubectl'], {
      ...env,
      KUBERNETES_EXEC_INFO: execInfo('http://127.0.0.1:6443'),
    });
    expect(local.code, local.stderr).toBe(0);
    expect(JSON.parse(local.stdout).status.token).toBeTruthy();
    assertNoTokenLeft(
      m,
      { secret: provider.clients.basic.clientSecret, token: JSON.parse(local.stdout).status.token },
      [run, { code: 0, stdout: '', stderr: local.stderr }],
    );
  });

  it('through a stored session: the call succeeds, a token expiring between commands is refreshed', async () => {
    const m = helperMachine();
    await loginSession(m, provider);
    const runs = await setUp(m);
    const first = await whoami(m);
    runs.push(first);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'Success' });
    const token1 = gate.presented.at(-1)!;
    expect(sessionSecrets(m)[`accessToken of ${provider.issuer}`]).toBe(token1);

    await sleep((TTL + 1) * 1000);
    expect(await gate.accepts(token1)).toBe(false);
    const second = await whoami(m);
    runs.push(second);
    expect(second.code, second.stderr).toBe(0);
    const token2 = gate.presented.at(-1)!;
    expect(token2).not.toBe(token1);
    expect(sessionSecrets(m)[`accessToken of ${provider.issuer}`]).toBe(token2);

    const kubeconfig = readFileSync(join(m.home, '.kube', 'config'), 'utf8');
    expect(kubeconfig).toContain('command: tokenrelay');
    assertNoTokenLeft(m, { ...sessionSecrets(m), ...presentedSecrets(gate.presented) }, runs);
  }, 120_000);

  it('through client credentials, the profile chosen by the cluster server’s [hosts] section', async () => {
    const m = helperMachine({ TOKENRELAY_CLIENT_SECRET: provider.clients.basic.clientSecret });
    const host = new URL(endpoint.server).host;
    mkdirSync(m.configDir, { recursive: true, mode: 0o700 });
    writeFileSync(
      join(m.configDir, 'config.toml'),
      [
        '[profiles.kube]',
        `issuer = "${provider.issuer}"`,
        `client_id = "${provider.clients.basic.clientId}"`,
        '',
        `[hosts."${host}"]`,
        'profile = "kube"',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    // The machine image's kubectl is Google Cloud's dispatcher: even `kubectl config …` asks the
    // server's version, with the user's credentials once a context is set. So count from here.
    provider.resetRecords();
    const runs = await setUp(m);
    for (let i = 0; i < 2; i++) {
      const run = await whoami(m);
      runs.push(run);
      expect(run.code, run.stderr).toBe(0);
    }
    // kubectl asks the plugin in every process; the later ones get the cached token.
    expect(provider.tokenRequests()).toHaveLength(1);
    const token1 = gate.presented.at(-1)!;

    await sleep((TTL + 1) * 1000);
    const later = await whoami(m);
    runs.push(later);
    expect(later.code, later.stderr).toBe(0);
    expect(gate.presented.at(-1)).not.toBe(token1);
    expect(provider.tokenRequests()).toHaveLength(2);

    assertNoTokenLeft(
      m,
      { secret: provider.clients.basic.clientSecret, ...presentedSecrets(gate.presented) },
      runs,
    );
  }, 120_000);
});
