/**
 * Inside a GitHub Actions `run:` step, every command that prints, exports or writes a token
 * has told the runner to mask it first — whatever source it came from. Each step runs under
 * `bash -x` (which echoes `+ TOKEN=<value>` after a command substitution), stdout and stderr
 * in one stream as the runner logs them; the log is then shown the way the runner shows it
 * (masks apply only to lines after them) and scanned for every secret.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScript, tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { maskLikeRunner, runStep } from '../../test-support/runner-log.ts';
import { useServers } from '../../test-support/servers.ts';
import {
  ageSession,
  credentialsFile,
  login,
  machine,
  stored,
  storedSecrets,
} from './auth-session-fixtures.ts';

const servers = useServers();

interface Job {
  home: string;
  workspace: string;
  temp: string;
  env: Record<string, string>;
}

function job(extra: Record<string, string> = {}): Job {
  const home = tempDir('home');
  const workspace = tempDir('workspace');
  const temp = tempDir('runner-temp');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    LANG: 'C.UTF-8',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: workspace,
    TOKENRELAY_CONFIG_DIR: join(home, 'config'),
    NODE: process.execPath,
    CLI: cliScript(),
    ...extra,
  };
  return { home, workspace, temp, env };
}

const clientCredentials = () => ({
  TOKENRELAY_ISSUER: servers.provider.issuer,
  TOKENRELAY_CLIENT_ID: servers.provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: servers.provider.clients.basic.clientSecret,
});

/** The step ran, the raw log held the token (so the check can fail), and the shown log holds no secret. */
async function step(j: Job, script: string, secrets: Record<string, string>) {
  const run = await runStep(script, j.env, j.workspace);
  const log = maskLikeRunner(run.raw);
  expect(run.code, log.shown).toBe(0);
  assertNoLeaks({ secrets, texts: { 'the job log': log.shown }, dirs: [j.workspace] });
  return { ...run, ...log };
}

/** The token a step printed, read from the raw trace `+ TOKEN=<value>`. */
const traced = (raw: string, name = 'TOKEN') => new RegExp(`^\\+ ${name}=(\\S+)$`, 'm').exec(raw)?.[1] ?? '';

describe('the CLI inside GitHub Actions masks before it prints', () => {
  it('auth token, minted by client credentials: the mask precedes `+ TOKEN=…`', async () => {
    const j = job(clientCredentials());
    const secret = servers.provider.clients.basic.clientSecret;
    const run = await step(j, 'TOKEN=$("$NODE" "$CLI" auth token)\ntest -n "$TOKEN"', { secret });
    const token = traced(run.raw);
    expect(token.split('.')).toHaveLength(3);
    const maskAt = run.raw.indexOf(`::add-mask::${token}\n`);
    expect(maskAt).toBeGreaterThanOrEqual(0);
    expect(maskAt).toBeLessThan(run.raw.indexOf(`+ TOKEN=${token}`));
    assertNoLeaks({ secrets: { token, secret }, texts: { 'the job log': run.shown } });
    // Derived forms too: the base64 a Basic header or a later step would carry.
    expect(run.masks).toContain(Buffer.from(token).toString('base64'));
  });

  it('auth token from TOKENRELAY_TOKEN and from a profile token_env', async () => {
    const pat = TEST_API_KEYS.alicePat;
    const j = job({ TOKENRELAY_TOKEN: pat });
    const run = await step(j, 'TOKEN=$("$NODE" "$CLI" auth token)', { pat });
    expect(traced(run.raw)).toBe(pat);

    const k = job({ DOT_AI_AUTH_TOKEN: TEST_API_KEYS.botKey });
    mkdirSync(k.env.TOKENRELAY_CONFIG_DIR!, { recursive: true, mode: 0o700 });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(k.env.TOKENRELAY_CONFIG_DIR!, 'config.toml'),
      'default_profile = "ci"\n[profiles.ci]\ntoken_env = "DOT_AI_AUTH_TOKEN"\n',
      { mode: 0o600 },
    );
    const fromProfile = await step(k, 'TOKEN=$("$NODE" "$CLI" auth token)', { key: TEST_API_KEYS.botKey });
    expect(traced(fromProfile.raw)).toBe(TEST_API_KEYS.botKey);
  });

  it('auth token from a stored token, and validate of it', async () => {
    const j = job({ TOKENRELAY_API_URL: servers.api.url });
    const pat = TEST_API_KEYS.alicePat;
    // Stored outside the job's log (a self-hosted runner's earlier login).
    const { runCli } = await import('../../test-support/run-cli.ts');
    const saved = await runCli(['auth', 'login', '--token-stdin', '--insecure-storage'], {
      home: j.home,
      env: { TOKENRELAY_CONFIG_DIR: j.env.TOKENRELAY_CONFIG_DIR, TOKENRELAY_API_URL: servers.api.url },
      stdin: `${pat}\n`,
      script: cliScript(),
    });
    expect(saved.code, saved.stderr).toBe(0);
    const run = await step(j, 'TOKEN=$("$NODE" "$CLI" auth token)\n"$NODE" "$CLI" validate', { pat });
    expect(traced(run.raw)).toBe(pat);
    expect(run.shown).toMatch(/alice/);
  });

  it('auth token from a stored session it refreshes: access, refresh and ID token masked', async () => {
    const m = machine();
    await login(m, servers.provider, { apiUrl: servers.api.url });
    ageSession(m, servers.api.url, 30);
    const j = job({
      TOKENRELAY_CONFIG_DIR: m.configDir,
      TOKENRELAY_API_URL: servers.api.url,
      TOKENRELAY_ISSUER: servers.provider.issuer,
    });
    const before = storedSecrets(m);
    const run = await runStep('TOKEN=$("$NODE" "$CLI" auth token)', { ...j.env, HOME: m.home }, m.cwd);
    expect(run.code, run.raw).toBe(0);
    const after = stored(m, servers.api.url, 'oauth')!;
    expect(traced(run.raw)).toBe(after.accessToken);
    const log = maskLikeRunner(run.raw);
    assertNoLeaks({ secrets: { ...before, ...storedSecrets(m) }, texts: { 'the job log': log.shown } });
    expect(log.masks).toContain(String(after.refreshToken));
    expect(readFileSync(credentialsFile(m), 'utf8')).toContain('refreshToken');
  }, 60_000);

  it('exchange: printed, --export shell through eval, json and a credentials file', async () => {
    const j = job(clientCredentials());
    const secret = servers.provider.clients.basic.clientSecret;
    const file = join(j.temp, 'creds.json');
    const run = await step(
      j,
      [
        'TOKEN=$("$NODE" "$CLI" exchange --scope read)',
        'out=$("$NODE" "$CLI" exchange --scope read --export shell) && eval "$out"',
        'JSON=$("$NODE" "$CLI" exchange --scope read --export json)',
        `"$NODE" "$CLI" exchange --scope read --export file=${file}`,
        `cat ${file}`,
        'echo "$TOKENRELAY_TOKEN" "$JSON"',
      ].join('\n'),
      { secret },
    );
    const tokens = [
      traced(run.raw),
      /TOKENRELAY_TOKEN='?([\w.-]+)/.exec(run.raw)?.[1] ?? '',
      /"token":\s*"([^"]+)"/.exec(readFileSync(file, 'utf8'))?.[1] ?? '',
    ];
    for (const t of tokens) expect(t.split('.')).toHaveLength(3);
    assertNoLeaks({
      secrets: Object.fromEntries(tokens.map((t, i) => [`token ${i}`, t])),
      texts: { 'the job log': run.shown },
    });
  });

  it('outside Actions nothing is announced: stderr stays empty for `auth token`', async () => {
    const j = job(clientCredentials());
    const { GITHUB_ACTIONS: _gone, ...env } = j.env;
    const run = await runStep('TOKEN=$("$NODE" "$CLI" auth token)', env, j.workspace);
    expect(run.code).toBe(0);
    expect(run.raw).not.toContain('::add-mask::');
  });
});
