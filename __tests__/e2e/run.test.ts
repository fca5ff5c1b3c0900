/**
 * `tokenrelay run -- COMMAND` through the committed CLI bundle: the token in the child's
 * environment only, the child's exit code (and 128+n for a signal), signals forwarded, a
 * --token-file kept fresh across several token lifetimes of the real provider, and the
 * minted tokens revoked afterwards. Every run goes through the leak scanner.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { startCli } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { startProvider } from '../../test-support/provider.ts';
import { withoutMasks } from '../../test-support/run-action.ts';
import { newHome, runCli } from '../../test-support/run-cli.ts';
import { useServers } from '../../test-support/servers.ts';

const TTL = 4;
const servers = useServers({ provider: { accessTokenTtlSeconds: TTL } });

const ccEnv = (provider = servers.provider) => ({
  TOKENRELAY_ISSUER: provider.issuer,
  TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: provider.clients.basic.clientSecret,
  TOKENRELAY_SCOPE: 'read',
});

/** A directory outside HOME for the child's reports: the test reads the token from there. */
const outside = () => mkdtempSync(join(tmpdir(), 'tokenrelay-run-'));

/** A Node child script; it reports what it saw as JSON in `report`. */
function script(dir: string, body: string): string {
  const path = join(dir, 'child.mjs');
  writeFileSync(path, `import fs from 'node:fs';\nconst report = process.argv[2];\n${body}\n`);
  return path;
}

describe('tokenrelay run', () => {
  it("puts the token in the child's environment only and exits with the child's code", async () => {
    const dir = outside();
    const child = script(
      dir,
      `fs.writeFileSync(report, JSON.stringify({ token: process.env.API_TOKEN, other: process.env.TOKENRELAY_TOKEN ?? null, file: process.env.API_TOKEN_FILE ?? null }));
process.stdout.write('child stdout\\n');
process.exit(7);`,
    );
    const report = join(dir, 'report.json');
    const run = await runCli(['run', '--env-name', 'API_TOKEN', '--', process.execPath, child, report], {
      env: ccEnv(),
    });
    expect(run.code, run.stderr).toBe(7);
    expect(run.stdout).toBe('child stdout\n');
    const seen = JSON.parse(readFileSync(report, 'utf8')) as { token: string; other: null; file: null };
    expect(decodeJwt(seen.token).iss).toBe(servers.provider.issuer);
    expect(seen.other).toBeNull();
    expect(seen.file).toBeNull();
    assertNoLeaks({
      secrets: { token: seen.token, secret: servers.provider.clients.basic.clientSecret },
      texts: { stdout: run.stdout, stderr: run.stderr },
      dirs: [run.home],
    });
  });

  it('usage: no -- or no command is exit 2; a missing command is 127 with a message', async () => {
    const env = { TOKENRELAY_TOKEN: 'given-token-123456' };
    const noDash = await runCli(['run', 'true'], { env });
    expect(noDash.code).toBe(2);
    expect(noDash.stderr).toContain('run needs -- before the command');
    const noCommand = await runCli(['run', '--'], { env });
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toContain('run needs a command');
    const missing = await runCli(['run', '--', 'no-such-command-tokenrelay'], { env });
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('no-such-command-tokenrelay: command not found');
    const badName = await runCli(['run', '--env-name', 'PATH', '--', 'true'], { env });
    expect(badName.code).toBe(2);
    // The token file is created fresh, and never where a workflow uploads files from.
    const dir = outside();
    writeFileSync(join(dir, 'taken'), 'something of the user');
    const taken = await runCli(['run', '--token-file', join(dir, 'taken'), '--', 'true'], { env });
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('already exists');
    expect(readFileSync(join(dir, 'taken'), 'utf8')).toBe('something of the user');
    const inWorkspace = await runCli(['run', '--token-file', join(dir, 'tok'), '--', 'true'], {
      env: { ...env, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir },
    });
    expect(inWorkspace.code).toBe(2);
    expect(inWorkspace.stderr).toContain('inside GITHUB_WORKSPACE');
    expect(existsSync(join(dir, 'tok'))).toBe(false);
    for (const run of [noDash, noCommand, missing, badName, taken, inWorkspace]) {
      assertNoLeaks({
        secrets: { token: env.TOKENRELAY_TOKEN },
        texts: { out: run.stdout, err: withoutMasks(run.stderr) },
      });
    }
  });

  it("stdin, stdout and stderr are the child's", async () => {
    const run = await runCli(['run', '--', 'sh', '-c', 'tr a-z A-Z; echo to-stderr >&2'], {
      env: { TOKENRELAY_TOKEN: 'given-token-123456' },
      stdin: 'piped through\n',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('PIPED THROUGH\n');
    expect(run.stderr).toBe('to-stderr\n');
  });

  it('forwards SIGTERM and SIGINT to the child; a death by signal is 128+n', async () => {
    const dir = outside();
    const home = newHome();
    const env = { TOKENRELAY_TOKEN: 'given-token-123456' };
    const trapping = script(
      dir,
      `process.on('SIGTERM', () => { process.stderr.write('child got TERM\\n'); process.exit(42); });
process.stderr.write('child ready\\n');
setInterval(() => {}, 1000);`,
    );
    const term = startCli(['run', '--', process.execPath, trapping], { env, home, cwd: home });
    await term.waitForStderr(/child ready/);
    term.child.kill('SIGTERM');
    const termed = await term.exited;
    expect(termed.stderr).toContain('child got TERM');
    expect(termed.code).toBe(42);

    const plain = script(dir, `process.stderr.write('child ready\\n'); setInterval(() => {}, 1000);`);
    const int = startCli(['run', '--', process.execPath, plain], { env, home, cwd: home });
    await int.waitForStderr(/child ready/);
    int.child.kill('SIGINT');
    expect((await int.exited).code).toBe(130);

    const killed = await runCli(['run', '--', 'sh', '-c', 'kill -KILL $$'], { env, home });
    expect(killed.code).toBe(137);
  });

  it('--token-file: a child that outlives three token lifetimes always reads a live token', async () => {
    servers.provider.resetRecords();
    const dir = outside();
    const tokenFile = join(dir, 'api-token');
    const report = join(dir, 'report.json');
    // Reads the file every 200 ms for a little over three lifetimes, checking each token's exp.
    const child = script(
      dir,
      `const path = process.env.TOKENRELAY_TOKEN_FILE;
const mode = (fs.statSync(path).mode & 0o777).toString(8);
const seen = []; let dead = 0; let reads = 0;
const end = Date.now() + ${(TTL * 3 + 1) * 1000};
while (Date.now() < end) {
  const token = fs.readFileSync(path, 'utf8');
  const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp;
  if (exp * 1000 <= Date.now()) dead++;
  if (!seen.includes(token)) seen.push(token);
  reads++;
  await new Promise((r) => setTimeout(r, 200));
}
fs.writeFileSync(report, JSON.stringify({ path, mode, seen, dead, reads, env: process.env.TOKENRELAY_TOKEN }));`,
    );
    const run = await runCli(['run', '--token-file', tokenFile, '--', process.execPath, child, report], {
      env: ccEnv(),
    });
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(readFileSync(report, 'utf8')) as {
      path: string;
      mode: string;
      seen: string[];
      dead: number;
      reads: number;
      env: string;
    };
    expect(r.path).toBe(tokenFile);
    expect(r.mode).toBe('600');
    expect(r.dead).toBe(0);
    expect(r.seen.length).toBeGreaterThanOrEqual(4);
    expect(r.env).toBe(r.seen[0]);
    // One token request per token the child saw — plus, at most, one rewritten after its last read.
    const minted = servers.provider.tokenRequests().length;
    expect(minted).toBeGreaterThanOrEqual(r.seen.length);
    expect(minted).toBeLessThanOrEqual(r.seen.length + 1);
    expect(existsSync(tokenFile)).toBe(false);
    assertNoLeaks({
      secrets: Object.fromEntries([
        ...r.seen.map((t, i) => [`token${i + 1}`, t]),
        ['secret', servers.provider.clients.basic.clientSecret],
      ]),
      texts: { stdout: run.stdout, stderr: run.stderr },
      dirs: [run.home],
    });
  }, 40_000);

  it('--token-file: a failed refresh keeps the last token, warns, and the exit code stays the child’s', async () => {
    const provider = await startProvider({ accessTokenTtlSeconds: TTL });
    try {
      const dir = outside();
      const tokenFile = join(dir, 'api-token');
      const report = join(dir, 'report.json');
      const child = script(
        dir,
        `const path = process.env.TOKENRELAY_TOKEN_FILE;
const seen = new Set();
const end = Date.now() + ${(TTL + 1) * 1000};
while (Date.now() < end) { seen.add(fs.readFileSync(path, 'utf8')); await new Promise((r) => setTimeout(r, 200)); }
fs.writeFileSync(report, JSON.stringify({ seen: [...seen] }));
process.exit(5);`,
      );
      const home = newHome();
      const cli = startCli(['run', '--token-file', tokenFile, '--', process.execPath, child, report], {
        env: { ...ccEnv(provider), TOKENRELAY_RETRIES: '0', TOKENRELAY_TIMEOUT_SECONDS: '2' },
        home,
        cwd: home,
      });
      while (!existsSync(tokenFile)) await new Promise((r) => setTimeout(r, 50));
      await provider.close();
      const done = await cli.exited;
      expect(done.code).toBe(5);
      expect(done.stderr).toMatch(
        /could not refresh the token for .*node.*keeps the last token until it expires at/,
      );
      const { seen } = JSON.parse(readFileSync(report, 'utf8')) as { seen: string[] };
      expect(seen).toHaveLength(1);
      expect(existsSync(tokenFile)).toBe(false);
      assertNoLeaks({
        secrets: { token: seen[0]!, secret: provider.clients.basic.clientSecret },
        texts: { stdout: done.stdout, stderr: done.stderr },
        dirs: [home],
      });
    } finally {
      await provider.close();
    }
  }, 30_000);

  it('revokes the tokens it minted once the child has exited', async () => {
    servers.provider.resetRecords();
    const dir = outside();
    const report = join(dir, 'token');
    const child = script(dir, `fs.writeFileSync(report, process.env.TOKENRELAY_TOKEN);`);
    const run = await runCli(['run', '--', process.execPath, child, report], {
      env: { ...ccEnv(), TOKENRELAY_RESOURCE: servers.provider.resources.opaque },
    });
    expect(run.code, run.stderr).toBe(0);
    const token = readFileSync(report, 'utf8');
    expect(servers.provider.revoked).toEqual([token]);
    assertNoLeaks({
      secrets: { token },
      texts: { stdout: run.stdout, stderr: run.stderr },
      dirs: [run.home],
    });
  });

  it('inside GitHub Actions, masks the token before the child can print anything', async () => {
    const dir = outside();
    const child = script(dir, `process.stderr.write('child says hello\\n');`);
    const run = await runCli(['run', '--', process.execPath, child], {
      env: { ...ccEnv(), GITHUB_ACTIONS: 'true' },
    });
    expect(run.code, run.stderr).toBe(0);
    const mask = run.stderr.indexOf('::add-mask::eyJ');
    expect(mask).toBeGreaterThanOrEqual(0);
    expect(mask).toBeLessThan(run.stderr.indexOf('child says hello'));
    const token = /::add-mask::(eyJ[^\n]+)/.exec(run.stderr)![1]!;
    assertNoLeaks({
      secrets: { token },
      texts: { stdout: run.stdout, stderr: withoutMasks(run.stderr) },
      dirs: [run.home],
    });
  });
});
