/**
 * The committed CLI bundle as CI scripts and cron jobs run it: a child process, secrets in
 * the environment or on stdin, the token on stdout, progress on stderr. Every run goes
 * through the leak scanner.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { CLI, type CliRun, runCli } from '../../test-support/run-cli.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

const secretEnv = () => ({
  TOKENRELAY_ISSUER: servers.provider.issuer,
  TOKENRELAY_CLIENT_ID: servers.provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: servers.provider.clients.basic.clientSecret,
});

/** The printed token may be on stdout (that is what was asked for); nothing else may hold a secret. */
function assertClean(
  run: CliRun,
  secrets: Record<string, string>,
  stdoutSecrets: Record<string, string> = secrets,
) {
  assertNoLeaks({ secrets, texts: { stderr: run.stderr }, dirs: [run.home] });
  if (Object.keys(stdoutSecrets).length)
    assertNoLeaks({ secrets: stdoutSecrets, texts: { stdout: run.stdout } });
}

describe('cron-like: no CI variables', () => {
  it('exchange prints the token alone on stdout', async () => {
    const run = await runCli(['exchange', '--scope', 'read'], { env: secretEnv() });
    expect(run.code, run.stderr).toBe(0);
    const token = run.stdout.trim();
    expect(run.stdout).toBe(`${token}\n`);
    expect(token.split('.')).toHaveLength(3);
    // Success is silent when stderr is no terminal: cron mails nothing.
    expect(run.stderr).toBe('');
    assertClean(
      run,
      { secret: servers.provider.clients.basic.clientSecret, token },
      { secret: servers.provider.clients.basic.clientSecret },
    );
  });

  it('--verbose prints debug lines but never a secret', async () => {
    const run = await runCli(['exchange', '--verbose', '--scope', 'read'], { env: secretEnv() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/debug: .*POST 127\.0\.0\.1:\d+\/token -> 200/);
    expect(run.stderr).toMatch(/Got a bearer token \(eyJ[^…]…[^…]{4}\)/i);
    const token = run.stdout.trim();
    assertClean(
      run,
      { secret: servers.provider.clients.basic.clientSecret, token },
      { secret: servers.provider.clients.basic.clientSecret },
    );
  });

  it('auth token resolves client credentials from the environment', async () => {
    const run = await runCli(['auth', 'token'], { env: secretEnv() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('.')).toHaveLength(3);
    expect(run.stderr).toBe('');
  });

  it('client_secret_post with the secret on stdin', async () => {
    const { TOKENRELAY_CLIENT_SECRET: _omit, ...env } = secretEnv();
    const run = await runCli(
      [
        'exchange',
        '--client-id',
        'cc-post',
        '--client-auth',
        'client_secret_post',
        '--client-secret-stdin',
        '--export',
        'json',
      ],
      { env, stdin: `${servers.provider.clients.post.clientSecret}\n` },
    );
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ method: 'client-credentials', source: 'client-credentials' });
    expect(json.token.split('.')).toHaveLength(3);
    expect(servers.provider.lastTokenRequest()?.form?.client_secret).toBe(
      servers.provider.clients.post.clientSecret,
    );
    assertClean(
      run,
      { secret: servers.provider.clients.post.clientSecret, token: json.token },
      { secret: servers.provider.clients.post.clientSecret },
    );
  });

  it('private_key_jwt from --private-key-file (JWK)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-key-'));
    const keyFile = join(dir, 'key.json');
    const jwk = JSON.stringify(servers.provider.clients.jwt.keys.rs256.privateJwk);
    writeFileSync(keyFile, jwk, { mode: 0o600 });
    const run = await runCli(
      [
        'exchange',
        '--issuer',
        servers.provider.issuer,
        '--client-id',
        'cc-jwt',
        '--private-key-file',
        keyFile,
      ],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    const assertion = servers.provider.lastTokenRequest()?.form?.client_assertion as string;
    const header = JSON.parse(Buffer.from(assertion.split('.')[0]!, 'base64url').toString());
    expect(header.alg).toBe('RS256');
    assertClean(run, { jwk, token: run.stdout.trim() }, { jwk });
  });

  it('validate shows who a PAT belongs to; --json for scripts', async () => {
    const run = await runCli(['validate', '--api-url', servers.api.url, '--json'], {
      env: { TOKENRELAY_TOKEN: TEST_API_KEYS.alicePat },
    });
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ valid: true, source: 'env', method: 'token' });
    expect(json.identity).toMatchObject({ login: 'alice', email: 'alice@example.test' });
    assertClean(run, { pat: TEST_API_KEYS.alicePat });
  });

  it('validate --token-stdin rejects a bad PAT with exit 4', async () => {
    const bad = 'tr_pat_Definitely_Not_Valid_00000';
    const run = await runCli(['validate', '--api-url', servers.api.url, '--token-stdin'], { stdin: bad });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/rejected/);
    assertClean(run, { bad });
  });

  it('runs when the bundle is copied alone to another directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-alone-'));
    const copy = join(dir, 'tokenrelay.mjs');
    copyFileSync(CLI, copy);
    const run = await runCli(['exchange'], { env: secretEnv(), script: copy, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(
      execFileSync(process.execPath, [copy, '--version'], { cwd: dir, encoding: 'utf8' }).trim(),
    ).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('GitLab-like: GITLAB_CI=true', () => {
  const gitlab = () => ({ ...secretEnv(), GITLAB_CI: 'true', CI: 'true', CI_PROJECT_DIR: '/builds/x' });

  it('--export gitlab-dotenv writes a valid report and --export shell evals back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-gl-'));
    const dotenv = join(dir, 'token.env');
    const run = await runCli(
      ['exchange', '--tenant', 'acme', '--export', 'shell', '--export', `gitlab-dotenv=${dotenv}`],
      {
        env: gitlab(),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = readFileSync(dotenv, 'utf8');
    expect(statSync(dotenv).mode & 0o777).toBe(0o600);
    for (const line of report.trim().split('\n')) expect(line).toMatch(/^[A-Za-z0-9_]+=[^\n"']*$/);
    const token = /^TOKENRELAY_TOKEN=(.*)$/m.exec(report)![1]!;
    expect(report).toContain('TOKENRELAY_TOKEN_TENANT=acme');
    const evaluated = execFileSync('bash', ['-c', `${run.stdout}\nprintf %s "$TOKENRELAY_TOKEN"`], {
      encoding: 'utf8',
    });
    expect(evaluated).toBe(token);
    // A later tokenrelay call picks the exported token up through the resolver.
    const next = await runCli(['auth', 'token', '-v'], { env: { TOKENRELAY_TOKEN: token } });
    expect(next.stdout.trim()).toBe(token);
    expect(next.stderr).toContain('TOKENRELAY_TOKEN');
    assertClean(
      run,
      { secret: servers.provider.clients.basic.clientSecret, token },
      { secret: servers.provider.clients.basic.clientSecret },
    );
  });

  it('a value with a newline cannot go into a dotenv report (exit 2)', async () => {
    const dotenv = join(mkdtempSync(join(tmpdir(), 'tokenrelay-gl-')), 'token.env');
    const run = await runCli(
      ['exchange', '--tenant', 'acme\nEVIL=1', '--export', `gitlab-dotenv=${dotenv}`],
      { env: gitlab() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/newline/);
  });
});

describe('bad input through the CLI', () => {
  it('an unknown --export form is exit 2 before anything is sent', async () => {
    servers.provider.resetRecords();
    const run = await runCli(['exchange', '--export', 'yaml'], { env: secretEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('gitlab-dotenv=PATH');
    expect(servers.provider.requests).toHaveLength(0);
  });

  it('a non-loopback http issuer is exit 2 and nothing is sent', async () => {
    const run = await runCli(['exchange', '--issuer', 'http://auth.example.test'], {
      env: { ...secretEnv(), TOKENRELAY_ISSUER: '' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plain http/i);
  });

  it('malformed config TOML is exit 2 and names file and line', async () => {
    const cfg = mkdtempSync(join(tmpdir(), 'tokenrelay-cfg-'));
    writeFileSync(join(cfg, 'config.toml'), '[profiles.dev]\napi_url = "http://x"\nissuer = \n');
    const run = await runCli(['auth', 'token'], { env: { TOKENRELAY_CONFIG_DIR: cfg } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(cfg, 'config.toml'));
    expect(run.stderr).toMatch(/line 3/);
  });

  it('an unknown profile is exit 2', async () => {
    const run = await runCli(['auth', 'token', '--profile', 'nope'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown profile 'nope'");
  });

  it('nothing configured: auth token is exit 4 with what to do', async () => {
    const run = await runCli(['auth', 'token'], {});
    expect(run.code).toBe(4);
    expect(run.stderr.trim()).toBe(
      "tokenrelay: Not authenticated. Run 'tokenrelay auth login' or set --token / TOKENRELAY_TOKEN.",
    );
    expect(run.stdout).toBe('');
  });

  it('an unknown flag is exit 2', async () => {
    const run = await runCli(['exchange', '--nope'], {});
    expect(run.code).toBe(2);
  });
});
