/**
 * `tokenrelay run` against what an adversarial review found (issue 19 item 3, issue 18 item
 * 7): every catchable signal to tokenrelay ends with the token file gone and the minted token
 * revoked; a terminal's Ctrl-C reaches the command once; the token file's real path and its
 * directories are checked; NAME_FILE follows the env-name rules; the command gets none of
 * tokenrelay's secrets; a token file left by a killed run is replaced. Through the built
 * bundle, with the leak scanner over everything printed.
 */
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli } from '../../test-support/cli-process.ts';
import { fault, startFaultFront } from '../../test-support/fault-front.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { startInPty } from '../../test-support/pty.ts';
import { CLI, newHome, runCli } from '../../test-support/run-cli.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers({ provider: { accessTokenTtlSeconds: 60 } });

/** Client credentials minting an opaque token, which the provider can revoke. */
const ccEnv = () => ({
  TOKENRELAY_ISSUER: servers.provider.issuer,
  TOKENRELAY_CLIENT_ID: servers.provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: servers.provider.clients.basic.clientSecret,
  TOKENRELAY_SCOPE: 'read',
  TOKENRELAY_RESOURCE: servers.provider.resources.opaque,
});
const secret = () => servers.provider.clients.basic.clientSecret;

const outside = () => mkdtempSync(join(tmpdir(), 'tokenrelay-run-'));

function script(dir: string, body: string): string {
  const path = join(dir, 'child.mjs');
  writeFileSync(path, `import fs from 'node:fs';\nconst report = process.argv[2];\n${body}\n`);
  return path;
}

/** Commands a test started that may outlive a tokenrelay that failed: ended after each test. */
const commands: string[] = [];
afterEach(() => {
  for (const file of commands.splice(0)) {
    try {
      process.kill(Number(readFileSync(file, 'utf8')), 'SIGKILL');
    } catch {
      // Not started, or already gone.
    }
  }
});

const marker = (file: string) => join(file, '..', `.${file.split('/').pop()}.tokenrelay-run`);

describe('run: signals to tokenrelay', () => {
  const SIGNALS = ['SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGHUP', 'SIGTERM', 'SIGPWR'] as const;

  it.each(
    SIGNALS,
  )('%s goes on to the command; the token file goes and the token is revoked', async (signal) => {
    servers.provider.resetRecords();
    const dir = outside();
    const home = newHome();
    const tokenFile = join(dir, 'api-token');
    const child = script(
      dir,
      `fs.writeFileSync(report + '.pid', String(process.pid));
fs.writeFileSync(report, fs.readFileSync(process.env.TOKENRELAY_TOKEN_FILE, 'utf8'));
process.on('${signal}', () => { process.stderr.write('child got ${signal}\\n'); setTimeout(() => process.exit(42), 200); });
process.stderr.write('child ready\\n');
setInterval(() => {}, 1000);`,
    );
    const report = join(dir, 'token');
    commands.push(`${report}.pid`);
    const cli = startCli(['run', '--token-file', tokenFile, '--', process.execPath, child, report], {
      env: ccEnv(),
      home,
      cwd: home,
    });
    await cli.waitForStderr(/child ready/);
    cli.child.kill(signal);
    const done = await cli.exited;
    expect(done.stderr).toContain(`child got ${signal}`);
    expect(done.code, done.stderr).toBe(42);
    const token = readFileSync(report, 'utf8');
    expect(existsSync(tokenFile)).toBe(false);
    expect(existsSync(marker(tokenFile))).toBe(false);
    expect(servers.provider.revoked).toEqual([token]);
    assertNoLeaks({
      secrets: { token, secret: secret() },
      texts: { stdout: done.stdout, stderr: done.stderr },
      dirs: [home],
    });
  });

  it('a signal before the command starts cancels it: not run, the token revoked, 128+n', async () => {
    const front = await startFaultFront();
    try {
      const minted = 'minted-before-the-signal-0123456789';
      // The token endpoint answers only after the signal has arrived.
      front.enqueue(
        (_req, res) =>
          setTimeout(
            () => fault.json(200, { access_token: minted, token_type: 'Bearer', expires_in: 300 })(_req, res),
            1000,
          ),
        fault.json(200, {}),
      );
      const dir = outside();
      const home = newHome();
      const ran = join(dir, 'ran');
      const cli = startCli(['run', '--', 'sh', '-c', `touch ${ran}`], {
        env: {
          TOKENRELAY_TOKEN_ENDPOINT: `${front.url}/token`,
          TOKENRELAY_REVOCATION_ENDPOINT: `${front.url}/revoke`,
          TOKENRELAY_CLIENT_ID: 'client',
          TOKENRELAY_CLIENT_SECRET: 'client-secret-0123456789',
        },
        home,
        cwd: home,
      });
      while (front.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
      cli.child.kill('SIGTERM');
      const done = await cli.exited;
      expect(done.code, done.stderr).toBe(143);
      expect(done.stderr).toContain('SIGTERM arrived before sh started; it was not run.');
      expect(existsSync(ran)).toBe(false);
      expect(front.requests.map((r) => r.path)).toEqual(['/token', '/revoke']);
      expect(new URLSearchParams(front.requests[1]?.body).get('token')).toBe(minted);
      assertNoLeaks({
        secrets: { minted, secret: 'client-secret-0123456789' },
        texts: { stdout: done.stdout, stderr: done.stderr },
        dirs: [home],
      });
    } finally {
      await front.close();
    }
  });

  it('a second signal while the token request is still out stops at once', async () => {
    const front = await startFaultFront();
    try {
      // Never answered within the test: only the second signal can end the run.
      front.enqueue((_req, res) => setTimeout(() => res.destroy(), 20_000));
      const home = newHome();
      const cli = startCli(['run', '--', 'true'], {
        env: {
          TOKENRELAY_TOKEN_ENDPOINT: `${front.url}/token`,
          TOKENRELAY_CLIENT_ID: 'client',
          TOKENRELAY_CLIENT_SECRET: 'client-secret-0123456789',
          TOKENRELAY_RETRIES: '0',
        },
        home,
        cwd: home,
      });
      while (front.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
      const started = Date.now();
      cli.child.kill('SIGINT');
      await cli.waitForStderr(/again to stop now/);
      cli.child.kill('SIGINT');
      const done = await cli.exited;
      expect(done.code).toBe(130);
      expect(Date.now() - started).toBeLessThan(5_000);
      assertNoLeaks({
        secrets: { secret: 'client-secret-0123456789' },
        texts: { stdout: done.stdout, stderr: done.stderr },
        dirs: [home],
      });
    } finally {
      await front.close();
    }
  });

  it('one Ctrl-C at a terminal reaches the command once, not a second time through tokenrelay', async () => {
    const dir = outside();
    const home = newHome();
    const report = join(dir, 'interrupts.json');
    const child = script(
      dir,
      `const seen = [];
process.on('SIGINT', () => seen.push(Date.now()));
process.stderr.write('child ready\\n');
setTimeout(() => { fs.writeFileSync(report, JSON.stringify(seen)); process.exit(0); }, 2500);`,
    );
    const pty = startInPty([process.execPath, CLI, 'run', '-v', '--', process.execPath, child, report], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        LANG: 'C.UTF-8',
        TOKENRELAY_TOKEN: 'given-token-123456',
      },
      cwd: home,
    });
    await pty.waitFor(/child ready/);
    pty.type('\x03');
    const done = await pty.exited;
    expect(JSON.parse(readFileSync(report, 'utf8')), done.screen).toHaveLength(1);
    expect(done.screen).toContain('got SIGINT from the terminal');
    expect(done.code).toBe(0);
    assertNoLeaks({ secrets: { token: 'given-token-123456' }, texts: { screen: done.screen } });
  });
});

describe('run: where the token file may go', () => {
  const env = { TOKENRELAY_TOKEN: 'given-token-123456' };
  // Inside GitHub Actions the token's masks are announced on stderr: those lines are the runner's.
  const scan = (run: { stdout: string; stderr: string }) =>
    assertNoLeaks({
      secrets: { token: env.TOKENRELAY_TOKEN },
      texts: { stdout: run.stdout, stderr: run.stderr.replace(/^::add-mask::.*$/gm, '') },
    });

  it('a symlink whose tail does not exist yet does not lead the token into GITHUB_WORKSPACE', async () => {
    const dir = outside();
    const workspace = join(dir, 'workspace');
    const temp = join(dir, 'temp');
    mkdirSync(workspace);
    mkdirSync(temp);
    symlinkSync(workspace, join(temp, 'link'));
    const run = await runCli(['run', '--token-file', join(temp, 'link', 'sub', 'tok'), '--', 'true'], {
      env: { ...env, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('inside GITHUB_WORKSPACE');
    expect(existsSync(join(workspace, 'sub'))).toBe(false);
    scan(run);
  });

  it('a directory another user owns or can write is refused; a sticky one such as /tmp is not', async () => {
    const theirs = outside();
    chownSync(theirs, 41_002, 41_002);
    const open = outside();
    chmodSync(open, 0o777);
    const below = join(open, 'mine');
    mkdirSync(below, { mode: 0o700 });
    const sticky = outside();
    chmodSync(sticky, 0o1777);
    const cases: [string, number, string | undefined][] = [
      [join(theirs, 'tok'), 2, `the directory ${theirs} belongs to uid 41002`],
      [
        join(open, 'tok'),
        2,
        `the directory ${open} is writable by its group and other users (owner uid 0, mode 777)`,
      ],
      [join(below, 'new', 'tok'), 2, `the directory ${open} is writable`],
      [join(sticky, 'tok'), 0, undefined],
    ];
    for (const [path, code, message] of cases) {
      const run = await runCli(['run', '--token-file', path, '--', 'true'], { env });
      expect(run.code, `${path}: ${run.stderr}`).toBe(code);
      if (message) {
        expect(run.stderr).toContain(message);
        expect(run.stderr).toContain('Put it in a directory only you can write');
      }
      expect(existsSync(path)).toBe(false);
      scan(run);
    }
  });

  it('NAME_FILE follows the env-name rules: --env-name SSL_CERT cannot set SSL_CERT_FILE', async () => {
    const dir = outside();
    const run = await runCli(
      ['run', '--env-name', 'SSL_CERT', '--token-file', join(dir, 'tok'), '--', 'true'],
      {
        env,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"SSL_CERT_FILE"');
    expect(run.stderr).toContain('--env-name SSL_CERT');
    expect(existsSync(join(dir, 'tok'))).toBe(false);
    scan(run);
  });
});

describe("run: the command's environment", () => {
  it("holds the token, and none of tokenrelay's settings or secrets", async () => {
    const dir = outside();
    const report = join(dir, 'env.json');
    const child = script(dir, `fs.writeFileSync(report, JSON.stringify(process.env));`);
    const run = await runCli(['run', '--', process.execPath, child, report], {
      env: {
        ...ccEnv(),
        TOKENRELAY_JOB_FILE: join(dir, 'job.json'),
        COPY_OF_THE_SECRET: secret(),
        UNRELATED: 'kept',
        // The runner's, for the command's own OIDC (npm provenance): not tokenrelay's to take.
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token-0123456789',
      },
    });
    expect(run.code, run.stderr).toBe(0);
    const seen = JSON.parse(readFileSync(report, 'utf8')) as Record<string, string>;
    const token = seen.TOKENRELAY_TOKEN as string;
    expect(token.length).toBeGreaterThan(10);
    expect(Object.keys(seen).filter((k) => k.startsWith('TOKENRELAY_'))).toEqual(['TOKENRELAY_TOKEN']);
    expect(seen.COPY_OF_THE_SECRET).toBeUndefined();
    expect(seen.UNRELATED).toBe('kept');
    expect(seen.ACTIONS_ID_TOKEN_REQUEST_TOKEN).toBe('runner-request-token-0123456789');
    assertNoLeaks({ secrets: { secret: secret() }, texts: { env: JSON.stringify(seen) } });
    assertNoLeaks({
      secrets: { token, secret: secret() },
      texts: { stdout: run.stdout, stderr: run.stderr },
      dirs: [run.home],
    });
  });
});

describe('run: a token file left by a killed run', () => {
  it('is in use while its writer lives, and replaced once it is gone (SIGKILL)', async () => {
    const dir = outside();
    const home = newHome();
    const tokenFile = join(dir, 'api-token');
    const report = join(dir, 'pid');
    const child = script(
      dir,
      `fs.writeFileSync(report, String(process.pid)); process.stderr.write('child ready\\n'); setInterval(() => {}, 1000);`,
    );
    const env = { TOKENRELAY_TOKEN: 'given-token-123456' };
    commands.push(report);
    const first = startCli(['run', '--token-file', tokenFile, '--', process.execPath, child, report], {
      env,
      home,
      cwd: home,
    });
    await first.waitForStderr(/child ready/);
    const busy = await runCli(['run', '--token-file', tokenFile, '--', 'true'], { env, home });
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain(`is in use by another tokenrelay run (pid ${first.child.pid})`);

    first.child.kill('SIGKILL');
    // The orphaned command still holds the pipes `exited` waits for.
    process.kill(Number(readFileSync(report, 'utf8')), 'SIGKILL');
    await first.exited;
    // What SIGKILL leaves (README, run): the file, its marker, and the token in it.
    expect(readFileSync(tokenFile, 'utf8')).toBe(env.TOKENRELAY_TOKEN);
    expect(existsSync(marker(tokenFile))).toBe(true);

    const again = await runCli(
      ['-v', 'run', '--token-file', tokenFile, '--', 'sh', '-c', 'cat "$TOKENRELAY_TOKEN_FILE" >/dev/null'],
      {
        env,
        home,
      },
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(
      `run: replaced ${tokenFile}, left by a tokenrelay run that ended without deleting it`,
    );
    expect(existsSync(tokenFile)).toBe(false);
    expect(existsSync(marker(tokenFile))).toBe(false);
    for (const run of [busy, again]) {
      assertNoLeaks({
        secrets: { token: env.TOKENRELAY_TOKEN },
        texts: { stdout: run.stdout, stderr: run.stderr },
      });
    }
  }, 30_000);

  it('is refused when anything about it is not ours beyond doubt', async () => {
    const env = { TOKENRELAY_TOKEN: 'given-token-123456' };
    const gone = 2 ** 22 + 12_345; // above pid_max's default: no such process
    const cases: [string, (file: string) => void][] = [
      ['no marker', () => {}],
      [
        'a marker another program wrote',
        (f) =>
          writeFileSync(marker(f), JSON.stringify({ writer: 'x', pid: gone, host: hostname() }), {
            mode: 0o600,
          }),
      ],
      [
        'a marker from another machine',
        (f) =>
          writeFileSync(
            marker(f),
            JSON.stringify({ writer: 'tokenrelay run', pid: gone, started: null, host: 'elsewhere' }),
            { mode: 0o600 },
          ),
      ],
      [
        'a token file readable by others',
        (f) => {
          writeFileSync(
            marker(f),
            JSON.stringify({ writer: 'tokenrelay run', pid: gone, started: null, host: hostname() }),
            { mode: 0o600 },
          );
          chmodSync(f, 0o644);
        },
      ],
    ];
    for (const [what, arrange] of cases) {
      const dir = outside();
      const tokenFile = join(dir, 'api-token');
      writeFileSync(tokenFile, 'something of the user', { mode: 0o600 });
      arrange(tokenFile);
      const run = await runCli(['run', '--token-file', tokenFile, '--', 'true'], { env });
      expect(run.code, what).toBe(2);
      expect(run.stderr, what).toContain('already exists');
      expect(readFileSync(tokenFile, 'utf8')).toBe('something of the user');
    }
  });
});
