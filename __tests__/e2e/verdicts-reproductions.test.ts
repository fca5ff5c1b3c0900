/**
 * The reproductions of issue 18 items 5-7 (and issue 21 item 3), each through the built CLI
 * or Action bundles against the suite's real provider: an expired token in TOKENRELAY_TOKEN
 * no longer wins, `auth status` no longer contradicts `auth token`, its report can be piped,
 * and a token living longer than Node's timer range does not turn `run --token-file` into a
 * loop. Every run goes through the leak scanner.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOnPath } from '../../test-support/cli-on-path.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import { type ActionRun, runActionMain } from '../../test-support/run-action.ts';
import { type CliRun, runCli } from '../../test-support/run-cli.ts';
import { runShell } from '../../test-support/run-shell.ts';
import { useServers } from '../../test-support/servers.ts';
import { ageSession, cli, credentialsFile, login, machine, storedSecrets } from './auth-session-fixtures.ts';

const servers = useServers();
const SHORT = 2;
let short: TestProvider;
beforeAll(async () => {
  short = await startProvider({ accessTokenTtlSeconds: SHORT });
});
afterAll(() => short?.close());

const ccOf = (provider: TestProvider, secret = provider.clients.basic.clientSecret) => ({
  TOKENRELAY_ISSUER: provider.issuer,
  TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: secret,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function clean(runs: (CliRun | ActionRun)[], secrets: Record<string, string>, dirs: string[] = []) {
  for (const [i, run] of runs.entries()) {
    assertNoLeaks({
      secrets,
      texts: { [`stderr ${i}`]: run.stderr.replace(/::add-mask::.*\n/g, '') },
      dirs,
    });
  }
}

describe('issue 18 item 5: an expired given token never wins', () => {
  it('after `eval "$(tokenrelay exchange --export shell)"` has expired, auth token, run and status mint afresh and say why', async () => {
    const m = machine();
    const exported = await cli(m, ['exchange', '--export', 'shell'], ccOf(short));
    expect(exported.code, exported.stderr).toBe(0);
    const old = /TOKENRELAY_TOKEN='?([^'\n]+)'?/.exec(exported.stdout)?.[1];
    expect(old).toMatch(/^ey/);
    await sleep((SHORT + 1) * 1000);
    const env = { ...ccOf(short), TOKENRELAY_TOKEN: old! };

    const token = await cli(m, ['auth', 'token', '--json'], env);
    expect(token.code, token.stderr).toBe(0);
    const answer = JSON.parse(token.stdout);
    expect(answer.token).not.toBe(old);
    expect(answer).toMatchObject({ source: 'client-credentials', expires_at: expect.any(String) });
    expect(token.stderr).toMatch(
      /^tokenrelay: warning: The token from TOKENRELAY_TOKEN expired at \S+ \(\d+ s ago\); skipped it and used client credentials \(cc-basic\)\. Replace TOKENRELAY_TOKEN with a fresh token, or unset it\.\n$/,
    );

    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-verdict-'));
    const child = join(dir, 'child.mjs');
    writeFileSync(child, `process.exit(process.env.TOKENRELAY_TOKEN === ${JSON.stringify(old)} ? 9 : 0);`);
    const run = await cli(m, ['run', '--', process.execPath, child], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('tokenrelay: warning: The token from TOKENRELAY_TOKEN expired at');

    const status = await cli(m, ['auth', 'status'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('Authenticated: client credentials\n');
    expect(status.stdout).toMatch(/Skipped: +TOKENRELAY_TOKEN \(expired at \S+\)\n/);
    expect(status.stdout).toContain('Obtained:      minted just now\n');

    // With nothing after it: exit 4, saying what to replace; the live token of a given JWT shows its exp.
    const alone = await cli(m, ['auth', 'token'], { TOKENRELAY_TOKEN: old! });
    expect(alone.code).toBe(4);
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toMatch(
      /^tokenrelay: The token from TOKENRELAY_TOKEN expired at \S+ \(\d+ s ago\), and nothing else can give one\. Replace TOKENRELAY_TOKEN with a fresh token, or unset it\.\n$/,
    );
    const given = await cli(m, ['exchange', '--token', old!]);
    expect(given.code).toBe(4);
    expect(given.stderr).toContain('The token from --token expired at');
    const minted = JSON.parse(
      (await cli(m, ['exchange', '--export', 'json'], ccOf(servers.provider))).stdout,
    );
    const live = await cli(m, ['auth', 'token', '--json'], { TOKENRELAY_TOKEN: minted.token });
    expect(live.code, live.stderr).toBe(0);
    expect(JSON.parse(live.stdout).expires_at).toBe(minted.expires_at);

    clean([exported, token, run, status, alone, given, live], {
      secret: short.clients.basic.clientSecret,
      old: old!,
      fresh: answer.token,
      secret2: servers.provider.clients.basic.clientSecret,
    });
  }, 60_000);

  it("the Action's expired `token` input is passed over for client credentials, with a warning naming the input", async () => {
    const exported = await runCli(['exchange'], { env: ccOf(short) });
    const old = exported.stdout.trim();
    await sleep((SHORT + 1) * 1000);
    const main = await runActionMain({
      inputs: {
        token: old,
        issuer: short.issuer,
        'client-id': short.clients.basic.clientId,
        'client-secret': short.clients.basic.clientSecret,
      },
    });
    expect(main.code, main.stdout).toBe(0);
    expect(main.outputs.token).not.toBe(old);
    expect(main.stdout).toMatch(/::warning::tokenrelay: The token from input token expired at \S+/);
    clean([main], { secret: short.clients.basic.clientSecret, old }, [main.dirs.workspace]);
  }, 30_000);
});

describe('issue 18 item 6: auth status agrees with auth token', () => {
  it('a wrong client secret: status is not "Authenticated" (exit 4), as auth token', async () => {
    const m = machine();
    const env = ccOf(servers.provider, 'wrong-secret-0123456789');
    const token = await cli(m, ['auth', 'token'], env);
    const status = await cli(m, ['auth', 'status'], env);
    expect(token.code).toBe(4);
    expect(status.code).toBe(4);
    expect(status.stdout).toContain('Authenticated: no (client credentials)\n');
    expect(status.stdout).toContain(`Status:        Rejected by ${new URL(servers.provider.issuer).host}\n`);
    expect(status.stderr).toMatch(
      /^tokenrelay: The token endpoint rejected the client credentials \(invalid_client\)/,
    );
    // --offline sends nothing, so it cannot say more than "configured".
    const offline = await cli(m, ['auth', 'status', '--offline'], env);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('Status:        Not checked (offline)');
    clean([token, status, offline], { wrong: 'wrong-secret-0123456789' });
  });

  it('a revoked refresh token: status says Rejected and exits 4, as auth token', async () => {
    const m = machine();
    await login(m, servers.provider, { apiUrl: servers.api.url });
    const doc = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(credentialsFile(m), 'utf8')));
    const revoked = await fetch(servers.provider.revocationEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: doc.credentials[servers.api.url].oauth.refreshToken,
        token_type_hint: 'refresh_token',
        client_id: servers.provider.clients.native.clientId,
      }),
    });
    expect(revoked.status).toBe(200);
    ageSession(m, servers.api.url, -10);
    const env = { TOKENRELAY_API_URL: servers.api.url };
    const secrets = storedSecrets(m);
    const status = await cli(m, ['auth', 'status'], env);
    expect(status.code).toBe(4);
    expect(status.stdout).toContain('Authenticated: no (OAuth session)\n');
    expect(status.stdout).toContain('Status:        Rejected\n');
    expect(status.stdout).not.toMatch(/Valid|refreshed automatically/);
    expect(status.stderr).toBe(
      "tokenrelay: Your session has expired or was revoked. Run 'tokenrelay auth login' again.\n",
    );
    const token = await cli(m, ['auth', 'token'], env);
    expect(token.code).toBe(4);
    clean([status, token], secrets, [m.cwd]);
  }, 60_000);

  it('in a step after the Action (job file and cache), status finds the job token as auth token does', async () => {
    const main = await runActionMain({
      inputs: {
        issuer: servers.provider.issuer,
        'client-id': servers.provider.clients.basic.clientId,
        'client-secret': servers.provider.clients.basic.clientSecret,
      },
    });
    expect(main.code, main.stdout).toBe(0);
    servers.provider.resetRecords();
    const later = (args: string[]) =>
      runCli(args, {
        home: main.dirs.home,
        cwd: main.dirs.workspace,
        env: { GITHUB_ACTIONS: 'true', RUNNER_TEMP: main.dirs.temp, ...main.env },
      });
    const token = await later(['auth', 'token']);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toBe(`${main.outputs.token}\n`);
    const status = await later(['auth', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('Authenticated: client credentials\n');
    expect(status.stdout).toMatch(/Obtained: +from the token cache/);
    // --offline sends nothing, yet reads the job's cache: the step has no secret to be "configured" by.
    const offline = await later(['auth', 'status', '--offline']);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/Obtained: +from the token cache/);
    expect(offline.stdout).toContain('Status:        Not checked (no API URL');
    expect(servers.provider.tokenRequests()).toHaveLength(0);
    clean(
      [main, token, status],
      { secret: servers.provider.clients.basic.clientSecret, token: main.outputs.token! },
      [main.dirs.workspace],
    );
  }, 30_000);
});

describe('issue 21 item 3: auth status writes its result to stdout', () => {
  it('`tokenrelay auth status | grep Expires` finds the line', async () => {
    const m = machine();
    const bin = cliOnPath();
    const run = await runShell(['bash', '-c'], 'set -o pipefail; tokenrelay auth status | grep Expires', {
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: m.home, ...m.env, ...ccOf(servers.provider) },
      cwd: m.cwd,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Expires: +\d{4}-\S+Z \(in \d+ min\)\n$/);
    expect(run.stderr).toBe('');
  });
});

describe('issue 18 item 7: lifetimes past Node’s timer range', () => {
  it.each([
    ['30 days', 30 * 86_400],
    ['10 years', 3650 * 86_400],
  ])(
    'run --token-file with a token living %s asks the server once',
    async (_, ttl) => {
      const provider = await startProvider({ accessTokenTtlSeconds: ttl });
      try {
        const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-long-'));
        const run = await runCli(
          [
            'run',
            '--token-file',
            join(dir, 'token'),
            '--',
            process.execPath,
            '-e',
            'setTimeout(() => {}, 3000)',
          ],
          { env: ccOf(provider) },
        );
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).not.toContain('TimeoutOverflowWarning');
        // One mint (and run's revocation of it when the child has exited), not one per millisecond.
        const grants = provider.tokenRequests().filter((r) => r.form?.grant_type === 'client_credentials');
        expect(grants).toHaveLength(1);
        clean([run], { secret: provider.clients.basic.clientSecret });
      } finally {
        await provider.close();
      }
    },
    30_000,
  );
});
