/**
 * The examples work with tools nobody here wrote: the GitLab examples run through
 * gitlab-ci-local (shell executor) against the loopback provider, verbatim but for the hosts
 * and the install line; the GitHub workflows and action.yml pass action-validator's schemas;
 * examples/cron.sh runs as cron runs it (`env -i`, PATH=/usr/bin:/bin, no TTY, no D-Bus).
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CiIssuer, startCiIssuer } from '../../test-support/ci-issuer.ts';
import { cliOnPath } from '../../test-support/cli-on-path.ts';
import { findFile, gitlabProject, runGitlabCiLocal } from '../../test-support/gitlab-ci-local.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { type ProfileApi, startProfileApi } from '../../test-support/profile-api.ts';
import { FEDERATION_CLIENT, startProvider, type TestProvider } from '../../test-support/provider.ts';
import { runShell } from '../../test-support/run-shell.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const example = (name: string) => readFileSync(join(root, 'examples', name), 'utf8');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const nodeDir = dirname(process.execPath);
const INSTALL_LINE = /^( *)- npm install --global --no-audit --no-fund tokenrelay@\S+.*$/gm;

let ci: CiIssuer;
let provider: TestProvider;
let api: ProfileApi;
beforeAll(async () => {
  ci = await startCiIssuer();
  provider = await startProvider({ federation: { ciIssuer: ci } });
  api = await startProfileApi({ jwksIssuer: provider.issuer });
});
afterAll(async () => {
  await api?.close();
  await provider?.close();
  await ci?.close();
});

/** The example with only its hosts pointed at loopback and its install line replaced. */
function localised(text: string, binDir: string): string {
  const replaced = text
    .replaceAll('https://auth.example.com', provider.issuer)
    .replaceAll('https://api.example.com', api.url)
    .replace(INSTALL_LINE, (_m, indent: string) => `${indent}- export PATH="${binDir}:$PATH"`);
  return replaced;
}

describe('the GitLab examples, through gitlab-ci-local', () => {
  it('examples/.gitlab-ci.yml: both jobs pass; the token reaches the job and the dotenv report', async () => {
    const dir = gitlabProject({ '.gitlab-ci.yml': localised(example('.gitlab-ci.yml'), cliOnPath()) });
    const secret = provider.clients.basic.clientSecret;
    const run = await runGitlabCiLocal(dir, [
      '--variable',
      `TOKENRELAY_CLIENT_ID=${provider.clients.basic.clientId}`,
      '--variable',
      `TOKENRELAY_CLIENT_SECRET=${secret}`,
    ]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/PASS +deploy\b/);
    expect(run.out).toMatch(/PASS +token-for-later-jobs\b/);
    expect(run.out).toContain('"login":"cc-basic"'); // the curl line reached the API with the token
    const report = findFile(dir, 'token.env');
    expect(report).toBeDefined();
    const dotenv = readFileSync(report!, 'utf8');
    expect(dotenv).toMatch(/^TOKENRELAY_TOKEN=\S+$/m);
    const token = /^TOKENRELAY_TOKEN=(\S+)$/m.exec(dotenv)![1]!;
    assertNoLeaks({ secrets: { secret, token }, texts: { log: run.out } });
  }, 180_000);

  it('examples/.gitlab-ci.yml: a rejected secret fails the job before the token is used', async () => {
    const dir = gitlabProject({ '.gitlab-ci.yml': localised(example('.gitlab-ci.yml'), cliOnPath()) });
    const run = await runGitlabCiLocal(dir, [
      'deploy',
      '--variable',
      `TOKENRELAY_CLIENT_ID=${provider.clients.basic.clientId}`,
      '--variable',
      'TOKENRELAY_CLIENT_SECRET=wrong-secret-value',
    ]);
    expect(run.code).not.toBe(0);
    expect(run.out).toMatch(/FAIL +4/);
    expect(run.out).toMatch(/tokenrelay: .*(rejected|invalid_client)/i);
    expect(run.out).not.toContain('$ tokenrelay validate');
  }, 180_000);

  it('examples/gitlab-federation.yml: the job exchanges its GitLab OIDC token', async () => {
    const dir = gitlabProject({
      '.gitlab-ci.yml': localised(example('gitlab-federation.yml'), cliOnPath()),
      'deploy.sh':
        '#!/bin/sh\nset -eu\ntest -n "$TOKENRELAY_TOKEN"\necho "deploy.sh: token for $TOKENRELAY_CLIENT_ID"\n',
    });
    chmodSync(join(dir, 'deploy.sh'), 0o755);
    const idToken = await ci.mintGitLab(provider.issuer);
    const run = await runGitlabCiLocal(dir, [
      '--variable',
      `TOKENRELAY_ID_TOKEN=${idToken}`,
      '--variable',
      `TOKENRELAY_CLIENT_ID=${FEDERATION_CLIENT}`,
    ]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/PASS +deploy-keyless\b/);
    expect(run.out).toContain(`deploy.sh: token for ${FEDERATION_CLIENT}`);
  }, 180_000);

  it('the two GitLab examples included together keep three distinct jobs', async () => {
    const dir = gitlabProject({
      '.gitlab-ci.yml': 'include:\n  - local: main.yml\n  - local: federation.yml\n',
      'main.yml': example('.gitlab-ci.yml'),
      'federation.yml': example('gitlab-federation.yml'),
    });
    const run = await runGitlabCiLocal(dir, ['--list-json']);
    expect(run.code, run.out).toBe(0);
    const jobs = JSON.parse(run.out.slice(run.out.indexOf('['))) as { name: string }[];
    expect(jobs.map((j) => j.name).sort()).toEqual(['deploy', 'deploy-keyless', 'token-for-later-jobs']);
  }, 180_000);
});

describe('the GitHub examples and action.yml, through action-validator', () => {
  const validate = (file: string) =>
    runShell([process.execPath, bin('action-validator')], file, {
      env: { PATH: `${nodeDir}:/usr/bin:/bin` },
      cwd: root,
    });

  it.each([
    'examples/github-workflow.yml',
    'examples/github-federation.yml',
  ])('%s is a valid workflow', async (file) => {
    const r = await validate(join(root, file));
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('action.yml is valid action metadata (node24 read as node20: the schema predates it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-action-'));
    const text = readFileSync(join(root, 'action.yml'), 'utf8');
    expect(text).toMatch(/^ {2}using: node24$/m);
    writeFileSync(join(dir, 'action.yml'), text.replace(/^( {2}using:) node24$/m, '$1 node20'));
    const r = await validate(join(dir, 'action.yml'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('the validator does reject a misspelt key (the check can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-wf-'));
    const bad = example('github-workflow.yml').replace('        with:\n', '        wiht:\n');
    writeFileSync(join(dir, 'bad.yml'), bad);
    const r = await validate(join(dir, 'bad.yml'));
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("Additional property 'wiht' is not allowed");
  });
});

describe('examples/cron.sh, as cron runs it', () => {
  let reports: Server;
  let reportsUrl = '';
  beforeAll(async () => {
    // The API the report comes from: answers only a token the profile API accepts.
    reports = createServer((req, res) => {
      void fetch(`${api.url}/api/v1/profile`, {
        headers: { authorization: req.headers.authorization ?? '' },
      }).then(async (profile) => {
        if (req.url !== '/reports/nightly' || !profile.ok) return void res.writeHead(401).end();
        const who = (await profile.json()) as { login: string };
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ report: 'ok', for: who.login }));
      });
    });
    await new Promise<void>((r) => reports.listen(0, '127.0.0.1', r));
    reportsUrl = `http://127.0.0.1:${(reports.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => reports.close(() => r())));

  /** cron.sh with its hosts, client id and files pointed here; PATH line kept unless given. */
  function cronScript(dir: string, pathLine?: string): string {
    let text = example('cron.sh')
      .replaceAll('https://auth.example.com', provider.issuer)
      .replaceAll('https://api.example.com', reportsUrl)
      .replace(
        'TOKENRELAY_CLIENT_ID=nightly-report',
        `TOKENRELAY_CLIENT_ID=${provider.clients.basic.clientId}`,
      )
      .replace(/^SECRET_FILE=.*$/m, `SECRET_FILE=${join(dir, 'client-secret')}`)
      .replace(/^REPORT=.*$/m, `REPORT=${join(dir, 'nightly.json')}`);
    if (pathLine) text = text.replace(/^PATH=.*$/m, pathLine);
    const script = join(dir, 'nightly-report.sh');
    writeFileSync(script, text, { mode: 0o755 });
    writeFileSync(join(dir, 'client-secret'), provider.clients.basic.clientSecret, { mode: 0o600 });
    return script;
  }

  const cron = (script: string, home: string) =>
    runShell(['/bin/sh'], script, { env: { PATH: '/usr/bin:/bin', HOME: home }, cwd: home });

  it('writes the report with the CLI installed where its PATH line says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-cron-'));
    const binDir = cliOnPath();
    const script = cronScript(dir, `PATH=${binDir}:/usr/bin:/bin`);
    const r = await cron(script, dir);
    expect(r.code, r.stderr).toBe(0);
    // Quiet unless something fails: cron mails whatever a job prints.
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'nightly.json'), 'utf8'))).toEqual({
      report: 'ok',
      for: 'cc-basic',
    });
    assertNoLeaks({
      secrets: { secret: provider.clients.basic.clientSecret },
      texts: { stdout: r.stdout, stderr: r.stderr },
      files: [join(dir, 'nightly.json')],
    });
  });

  it('without tokenrelay installed it stops with exit 127 and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-cron-none-'));
    const r = await cron(cronScript(dir), dir);
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/tokenrelay: (command )?not found/);
    expect(r.stderr).toContain('nightly-report: tokenrelay failed with exit 127');
  });
});
