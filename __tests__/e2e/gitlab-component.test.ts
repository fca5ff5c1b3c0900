/**
 * The GitLab CI/CD component (templates/), run by gitlab-ci-local against the loopback
 * provider: included as `include: local:` with inputs and as `include: component:` (the
 * form users write), the CLI downloaded over HTTP from a loopback "release" and checked with
 * the real `sha256sum -c`, a rejected secret failing the job before the user's commands, a
 * tampered download refused, and inputs held to their `regex` and `options`.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CiIssuer, startCiIssuer } from '../../test-support/ci-issuer.ts';
import { GITLAB_PROJECT, gitlabProject, runGitlabCiLocal } from '../../test-support/gitlab-ci-local.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { type ProfileApi, startProfileApi, TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { FEDERATION_CLIENT, startProvider, type TestProvider } from '../../test-support/provider.ts';
import { runShell } from '../../test-support/run-shell.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const template = (name: string) => readFileSync(join(root, 'templates', `${name}.yml`), 'utf8');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const cli = readFileSync(join(root, 'dist/cli/tokenrelay.mjs'));
const sums = readFileSync(join(root, 'dist/cli/SHA256SUMS'));

let ci: CiIssuer;
let provider: TestProvider;
let api: ProfileApi;
/** The release assets as GitHub serves them, `<base>/v<version>/<file>`; `/tampered` serves a changed file. */
let releases: Server;
let releasesUrl = '';
beforeAll(async () => {
  ci = await startCiIssuer();
  provider = await startProvider({ federation: { ciIssuer: ci } });
  api = await startProfileApi({ jwksIssuer: provider.issuer });
  releases = createServer((req, res) => {
    const tampered = req.url?.startsWith('/tampered/');
    const path = tampered ? req.url!.slice('/tampered'.length) : req.url;
    if (path === `/v${version}/tokenrelay.mjs`)
      return void res.end(tampered ? Buffer.concat([cli, Buffer.from('\n// changed\n')]) : cli);
    if (path === `/v${version}/SHA256SUMS`) return void res.end(sums);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => releases.listen(0, '127.0.0.1', r));
  releasesUrl = `http://127.0.0.1:${(releases.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => (releases ? releases.close(() => r()) : r()));
  await api?.close();
  await provider?.close();
  await ci?.close();
});

/** A pipeline including one template as `include: local:` with these inputs (YAML lines). */
function localInclude(name: string, inputs: string): Record<string, string> {
  return {
    [`templates/${name}.yml`]: template(name),
    '.gitlab-ci.yml': `include:\n  - local: templates/${name}.yml\n    inputs:\n${indent(inputs, 6)}`,
  };
}

const indent = (text: string, n: number) =>
  text
    .trim()
    .split('\n')
    .map((line) => `${' '.repeat(n)}${line}\n`)
    .join('');

const curlProfile = () =>
  `'curl -fsS -H "Authorization: Bearer $TOKENRELAY_TOKEN" "${api.url}/api/v1/profile"'`;

describe('templates/exchange.yml (client credentials)', () => {
  const inputs = (extra = '') => `
download-url: ${releasesUrl}
issuer: ${provider.issuer}
client-id: ${provider.clients.basic.clientId}
scope: read
api-url: ${api.url}
validate: true
script:
  - ${curlProfile()}
${extra}`;

  it('include: local: with inputs: the checked download runs, the token reaches the script', async () => {
    const secret = provider.clients.basic.clientSecret;
    const dir = gitlabProject(localInclude('exchange', inputs()));
    const before = api.requests.length;
    const run = await runGitlabCiLocal(dir, ['--variable', `TOKENRELAY_CLIENT_SECRET=${secret}`]);
    expect(run.code, run.out).toBe(0);
    // validate: true checked the token at the profile endpoint before the script's own call.
    expect(api.requests.slice(before).map((r) => [r.path, r.status])).toEqual([
      ['/api/v1/profile', 200],
      ['/api/v1/profile', 200],
    ]);
    expect(run.out).toMatch(/PASS +tokenrelay-exchange\b/);
    expect(run.out).toContain('tokenrelay.mjs: OK'); // sha256sum -c ran on the download
    expect(run.out).toContain('"login":"cc-basic"'); // the user's command reached the API with it
    assertNoLeaks({ secrets: { secret }, texts: { log: run.out } });
  }, 180_000);

  it('a rejected secret fails the job (exit 4) before any of the script runs', async () => {
    const dir = gitlabProject(localInclude('exchange', inputs()));
    const run = await runGitlabCiLocal(dir, ['--variable', 'TOKENRELAY_CLIENT_SECRET=wrong-secret-value']);
    expect(run.code).not.toBe(0);
    expect(run.out).toMatch(/FAIL +4/);
    expect(run.out).toMatch(/tokenrelay: .*(rejected|invalid_client)/i);
    expect(run.out).not.toContain('$ curl');
  }, 180_000);

  it('a download that does not match SHA256SUMS never runs: the job fails and says which inputs to check', async () => {
    const dir = gitlabProject(
      localInclude('exchange', inputs().replace(releasesUrl, `${releasesUrl}/tampered`)),
    );
    const run = await runGitlabCiLocal(dir, ['--variable', 'TOKENRELAY_CLIENT_SECRET=unused-secret-value']);
    expect(run.code).not.toBe(0);
    expect(run.out).toMatch(/tokenrelay\.mjs: FAILED/);
    expect(run.out).toContain(
      '(the download failed or does not match its SHA256). Check the version, download-url and cli-sha256 inputs.',
    );
    expect(run.out).not.toContain('$ out="$(tokenrelay exchange');
  }, 180_000);

  it('cli-sha256 pins the file against a checksum the project keeps, not the release SHA256SUMS', async () => {
    const secret = provider.clients.basic.clientSecret;
    const pinned = createHash('sha256').update(cli).digest('hex');
    const good = gitlabProject(localInclude('exchange', inputs(`cli-sha256: "${pinned}"`)));
    const ok = await runGitlabCiLocal(good, ['--variable', `TOKENRELAY_CLIENT_SECRET=${secret}`]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('tokenrelay.mjs: OK');
    const bad = gitlabProject(localInclude('exchange', inputs(`cli-sha256: "${'0'.repeat(64)}"`)));
    const refused = await runGitlabCiLocal(bad, ['--variable', `TOKENRELAY_CLIENT_SECRET=${secret}`]);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/tokenrelay\.mjs: FAILED/);
    assertNoLeaks({ secrets: { secret }, texts: { ok: ok.out, refused: refused.out } });
  }, 180_000);

  it.each([
    ['version', 'version: latest', /`version` input: `latest` does not match required regex/],
    [
      'issuer',
      'issuer: auth.example.com',
      /`issuer` input: `auth.example.com` does not match required regex/,
    ],
    [
      'download-url',
      'download-url: "https://x.test/$(id)"',
      /`download-url` input: .* does not match required regex/,
    ],
    ['job-name', 'job-name: "deploy: now"', /`job-name` input: .* does not match required regex/],
  ])(
    'an input failing its regex (%s) stops the pipeline before any job',
    async (_name, line, message) => {
      const key = line.slice(0, line.indexOf(':'));
      const text = inputs().replace(new RegExp(`^${key}:.*$`, 'm'), '') + line;
      const dir = gitlabProject(localInclude('exchange', text));
      const run = await runGitlabCiLocal(dir, ['--variable', 'TOKENRELAY_CLIENT_SECRET=unused-secret-value']);
      expect(run.code).not.toBe(0);
      expect(run.out).toMatch(message);
      expect(run.out).not.toMatch(/PASS|\$ /);
    },
    180_000,
  );

  it('a hidden job (job-name .tokenrelay) is extended by the project’s own job', async () => {
    const secret = provider.clients.basic.clientSecret;
    const files = localInclude('exchange', inputs('job-name: .tokenrelay'));
    files['.gitlab-ci.yml'] +=
      'deploy:\n  extends: .tokenrelay\n  script:\n    - test -n "$TOKENRELAY_TOKEN" && echo "deploying with the token"\n';
    const run = await runGitlabCiLocal(gitlabProject(files), [
      '--variable',
      `TOKENRELAY_CLIENT_SECRET=${secret}`,
    ]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/PASS +deploy\b/);
    expect(run.out).toContain('> deploying with the token');
    assertNoLeaks({ secrets: { secret }, texts: { log: run.out } });
  }, 180_000);
});

describe('templates/validate.yml, as `include: component:`', () => {
  /** GitLab's documented way to test a component in its own project: this project, this commit. */
  const pipeline = (inputs: string) => ({
    'templates/validate.yml': template('validate'),
    '.gitlab-ci.yml': `include:\n  - component: ${GITLAB_PROJECT.host}/${GITLAB_PROJECT.path}/validate@$CI_COMMIT_SHA\n    inputs:\n${indent(inputs, 6)}`,
  });
  const inputs = () => `
download-url: ${releasesUrl}
api-url: ${api.url}
token-variable: API_TOKEN
tenant: acme
script:
  - ${curlProfile()}
`;

  it('a token the API accepts passes on to the script', async () => {
    const token = TEST_API_KEYS.botKey;
    const run = await runGitlabCiLocal(gitlabProject(pipeline(inputs())), [
      '--variable',
      `API_TOKEN=${token}`,
    ]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/PASS +tokenrelay-validate\b/);
    expect(run.out).toContain('tokenrelay.mjs: OK');
    expect(run.out).toContain('"login":"release-bot"');
    assertNoLeaks({ secrets: { token }, texts: { log: run.out } });
  }, 180_000);

  it('a token the API rejects fails the job (exit 4) before the script', async () => {
    const token = 'tr_pat_Revoked0rNeverIssued5Hs8Jd2Kf9';
    const run = await runGitlabCiLocal(gitlabProject(pipeline(inputs())), [
      '--variable',
      `API_TOKEN=${token}`,
    ]);
    expect(run.code).not.toBe(0);
    expect(run.out).toMatch(/FAIL +4/);
    expect(run.out).not.toContain('$ curl');
    assertNoLeaks({ secrets: { token }, texts: { log: run.out } });
  }, 180_000);
});

describe('templates/federation.yml (keyless, id_tokens)', () => {
  const inputs = (federation: string) => `
download-url: ${releasesUrl}
issuer: ${provider.issuer}
id-token-audience: ${provider.issuer}
federation: ${federation}
client-id: ${FEDERATION_CLIENT}
script:
  - echo "federated token for $TOKENRELAY_CLIENT_ID"
`;

  it('the job exchanges its GitLab OIDC token and the script runs with the result', async () => {
    const idToken = await ci.mintGitLab(provider.issuer);
    const dir = gitlabProject(localInclude('federation', inputs('jwt-bearer')));
    const run = await runGitlabCiLocal(dir, ['--variable', `TOKENRELAY_ID_TOKEN=${idToken}`]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/PASS +tokenrelay-federation\b/);
    expect(run.out).toContain(`federated token for ${FEDERATION_CLIENT}`);
    assertNoLeaks({ secrets: { idToken }, texts: { log: run.out } });
  }, 180_000);

  it('a federation mode outside its options stops the pipeline', async () => {
    const dir = gitlabProject(localInclude('federation', inputs('password')));
    const run = await runGitlabCiLocal(dir, []);
    expect(run.code).not.toBe(0);
    expect(run.out).toContain(
      '`federation` input: `password` cannot be used because it is not in the list of allowed options',
    );
  }, 180_000);
});

describe("the install steps in the default image's tools (node:24-alpine: BusyBox ash, wget, sha256sum; no curl)", () => {
  /** A PATH of BusyBox applets and this Node, nothing else. */
  function busyboxPath(): string {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-busybox-'));
    const applets = execFileSync('busybox', ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const applet of applets) symlinkSync('/usr/bin/busybox', join(dir, applet));
    symlinkSync(process.execPath, join(dir, 'node'));
    return dir;
  }

  /** The template's first before_script item with its inputs filled in, then a use of the CLI. */
  function installScript(inputs: Record<string, string>): string {
    const text = template('exchange');
    const start = text.indexOf('    - |\n', text.indexOf('  before_script:'));
    const block = text
      .slice(start + '    - |\n'.length, text.indexOf('\n    #', start))
      .split('\n')
      .map((line) => line.slice(6))
      .join('\n');
    return `${block.replace(/\$\[\[ inputs\.([a-z0-9-]+) \]\]/g, (_m, name: string) => inputs[name] ?? '')}\ntokenrelay --version\n`;
  }

  const run = (inputs: Record<string, string>) => {
    const path = busyboxPath();
    return runShell([join(path, 'sh'), '-c'], installScript(inputs), { env: { PATH: path }, cwd: tmpdir() });
  };

  it('downloads with wget, checks with BusyBox sha256sum -c, and the CLI runs', async () => {
    const r = await run({ 'download-url': releasesUrl, version, 'cli-sha256': '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('tokenrelay.mjs: OK');
    expect(r.stdout.trim().split('\n').at(-1)).toBe(version);
  });

  it('refuses a tampered file before it runs', async () => {
    const r = await run({ 'download-url': `${releasesUrl}/tampered`, version, 'cli-sha256': '' });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/tokenrelay\.mjs: FAILED/);
    expect(r.stderr).toContain('tokenrelay: could not install');
    expect(r.stdout).not.toContain(version);
  });
});
