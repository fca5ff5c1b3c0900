/**
 * `credential-helpers` on the Action: the main bundle runs as the runner runs it, then later
 * "steps" (fresh shells with GITHUB_PATH and GITHUB_ENV applied, GITHUB_ACTIONS=true) run
 * Debian's git, skopeo and the machine image's kubectl against servers that accept only the
 * provider's tokens — each getting the token the Action minted, from the job's cache, masked
 * before the helper prints it. HOME is left as it was: everything is job-scoped variables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerGate, type TokenGate } from '../../test-support/bearer-check.ts';
import { type GitHttpServer, startGitHttpServer } from '../../test-support/git-http-server.ts';
import { findKubectl, type KubeEndpoint, startKubeEndpoint } from '../../test-support/kube-endpoint.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { ociImage } from '../../test-support/oci-image.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import { type Registry, startRegistry } from '../../test-support/registry-server.ts';
import { laterStep, runActionMain, withoutMasks } from '../../test-support/run-action.ts';

let provider: TestProvider;
let gate: TokenGate;
let git: GitHttpServer;
let registry: Registry;
let kube: KubeEndpoint;
let kubectl: string;

beforeAll(async () => {
  kubectl = findKubectl();
  provider = await startProvider();
  gate = providerGate(provider.issuer);
  [git, registry, kube] = await Promise.all([
    startGitHttpServer(gate),
    startRegistry(gate),
    startKubeEndpoint(gate),
  ]);
});
afterAll(async () => {
  await Promise.all([git?.close(), registry?.close(), kube?.close()]);
  await provider?.close();
});

/** What a later `run:` step inside Actions has besides the job's variables. */
const IN_ACTIONS = { GITHUB_ACTIONS: 'true', GIT_TERMINAL_PROMPT: '0' };

describe('credential-helpers', () => {
  it('later steps clone, copy an image and call the cluster with the token the Action minted', async () => {
    const secret = provider.clients.basic.clientSecret;
    const main = await runActionMain({
      inputs: {
        issuer: provider.issuer,
        'client-id': provider.clients.basic.clientId,
        'client-secret': secret,
        'keep-fresh': 'true',
        revoke: 'false',
        'credential-helpers': `git: http://${git.host}\ndocker: ${registry.host}, kubectl`,
      },
    });
    expect(main.code, main.stdout + main.stderr).toBe(0);
    const token = main.outputs.token!;
    expect(token.length).toBeGreaterThan(20);
    expect(main.stdout).toContain(
      `tokenrelay: credential-helpers: git asks tokenrelay for http://${git.host}`,
    );
    const cliDir = join(main.dirs.temp, 'tokenrelay-cli');
    expect(existsSync(join(cliDir, 'docker-credential-tokenrelay'))).toBe(true);
    expect(main.env.DOCKER_CONFIG).toBe(join(main.dirs.temp, 'tokenrelay-docker'));
    expect(main.env.KUBECONFIG?.split(':')[0]).toBe(join(main.dirs.temp, 'tokenrelay-kube', 'config'));
    expect(main.env.GIT_CONFIG_COUNT).toBe('2');

    const image = ociImage();
    const clone = await laterStep(main, `git clone -q ${git.repoUrl} repo && cat repo/README`, IN_ACTIONS);
    expect(clone.code, clone.stderr).toBe(0);
    expect(clone.stdout).toBe('hello from the suite\n');
    // Inside Actions the helper registers the token for masking before it prints it.
    expect(clone.stderr).toContain(`::add-mask::${token}`);
    const copy = await laterStep(
      main,
      `skopeo --insecure-policy copy --quiet --dest-tls-verify=false oci:${image}:latest docker://${registry.host}/team/ci:1`,
      IN_ACTIONS,
    );
    expect(copy.code, copy.stderr).toBe(0);
    const cluster = await laterStep(
      main,
      [
        `${kubectl} config set-cluster suite --server=${kube.server} --certificate-authority=${kube.caFile} --embed-certs=true`,
        `${kubectl} config set-context suite --cluster=suite --user=tokenrelay`,
        `${kubectl} config use-context suite`,
        `${kubectl} get --raw /apis/suite.tokenrelay.test/v1/whoami`,
      ].join(' >/dev/null\n'),
      IN_ACTIONS,
    );
    expect(cluster.code, cluster.stderr).toBe(0);
    expect(JSON.parse(cluster.stdout)).toMatchObject({ status: 'Success' });

    // Every tool was given the Action's token, from the job's cache: one token request in all.
    expect(new Set(gate.presented)).toEqual(new Set([token]));
    expect(provider.tokenRequests()).toHaveLength(1);
    // The user's own config files were not touched.
    // The user's own config files were not written (kubectl keeps only its caches under ~/.kube).
    for (const name of ['.gitconfig', '.docker/config.json', '.kube/config'])
      expect(existsSync(join(main.dirs.home, name)), name).toBe(false);
    const dockerConfig = JSON.parse(
      readFileSync(join(main.dirs.temp, 'tokenrelay-docker', 'config.json'), 'utf8'),
    );
    expect(dockerConfig).toEqual({ credHelpers: { [registry.host]: 'tokenrelay' } });

    assertNoLeaks({
      secrets: { token, secret },
      texts: {
        log: withoutMasks(main.stdout),
        ...Object.fromEntries(
          [clone, copy, cluster].flatMap((r, i) => [
            [`stdout ${i}`, r.stdout],
            [`stderr ${i}`, withoutMasks(r.stderr)],
          ]),
        ),
        registryLog: registry.log(),
      },
      // The step's `token` output holds the token by design; GITHUB_ENV and GITHUB_PATH never.
      files: [main.files.env, main.files.path],
      dirs: [
        main.dirs.home,
        main.dirs.workspace,
        join(main.dirs.temp, 'tokenrelay-docker'),
        join(main.dirs.temp, 'tokenrelay-kube'),
        git.root,
      ],
    });
  }, 120_000);

  it('a tool without hosts, or with install-cli off, fails before anything is minted', async () => {
    provider.resetRecords();
    const inputs = {
      issuer: provider.issuer,
      'client-id': provider.clients.basic.clientId,
      'client-secret': provider.clients.basic.clientSecret,
    };
    const noHost = await runActionMain({ inputs: { ...inputs, 'credential-helpers': 'git' } });
    expect(noHost.code).toBe(2);
    expect(noHost.stdout).toContain('credential-helpers: git needs the hosts to answer for (git: HOST)');
    const noCli = await runActionMain({
      inputs: { ...inputs, 'credential-helpers': 'kubectl', 'install-cli': 'false' },
    });
    expect(noCli.code).toBe(2);
    expect(noCli.stdout).toContain('install-cli is false');
    expect(provider.tokenRequests()).toHaveLength(0);
  });
});
