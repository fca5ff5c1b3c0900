/**
 * The installed command (package.json "bin") is a launcher that turns on Node's compile
 * cache under the user's cache directory and runs the one-file CLI beside it. It must
 * behave exactly like the file itself, keep only code in the cache, and stay out of the way
 * when the cache is turned off.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { newHome, runCli } from '../../test-support/run-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LAUNCHER = join(root, 'dist/cli/launch.mjs');
const TOKEN = 'tr_pat_launcher_0123456789abcdef';
/** Node before 22.1 has no compile cache: there the launcher just runs the bundle. */
const HAS_COMPILE_CACHE = typeof module.enableCompileCache === 'function';

function cacheFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /[0-9a-f]{8}$/.test(f));
}

describe('the installed launcher', () => {
  it('is what package.json installs as `tokenrelay`', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.bin.tokenrelay).toBe('dist/cli/launch.mjs');
  });

  it('prints the token like the bundle, and caches compiled code under ~/.cache/tokenrelay', async () => {
    const home = newHome();
    for (let i = 0; i < 2; i++) {
      const run = await runCli(['auth', 'token'], {
        script: LAUNCHER,
        home,
        env: { TOKENRELAY_TOKEN: TOKEN },
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${TOKEN}\n`);
      expect(run.stderr).toBe('');
    }
    const cache = join(home, '.cache', 'tokenrelay', 'compile-cache');
    expect(cacheFiles(cache).length > 0).toBe(HAS_COMPILE_CACHE);
    assertNoLeaks({ secrets: { token: TOKEN }, texts: {}, dirs: [cache] });
  });

  it('uses XDG_CACHE_HOME when set', async () => {
    const home = newHome();
    const xdg = join(home, 'xdg-cache');
    const run = await runCli(['--version'], { script: LAUNCHER, home, env: { XDG_CACHE_HOME: xdg } });
    expect(run.code).toBe(0);
    expect(cacheFiles(join(xdg, 'tokenrelay', 'compile-cache')).length > 0).toBe(HAS_COMPILE_CACHE);
  });

  it('writes nothing with NODE_DISABLE_COMPILE_CACHE=1, and exit codes pass through', async () => {
    const home = newHome();
    const run = await runCli(['auth', 'token'], {
      script: LAUNCHER,
      home,
      env: { NODE_DISABLE_COMPILE_CACHE: '1' },
    });
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(existsSync(join(home, '.cache', 'tokenrelay'))).toBe(false);
  });
});

/**
 * Issue 19: Node checks a compile-cache entry with a checksum, not a signature, so whoever
 * can write into the cache directory can have their code run as the user, secrets in its
 * environment. Two uids other than root play the victim and the attacker
 * (test-support/compile-cache-attack.ts plants a forged entry for the genuine bundle).
 */
describe('the compile cache and another local user', () => {
  const VICTIM = 41_001;
  const ATTACKER = 41_002;
  const ATTACK = join(root, 'test-support/compile-cache-attack.ts');
  const BUNDLE = join(root, 'dist/cli/tokenrelay.mjs');
  const SECRET = 'victim-client-secret-0123456789';

  function as(uid: number, argv: string[], env: Record<string, string>, umask = '022') {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('sh', ['-c', `umask ${umask}; exec "$@"`, 'sh', ...argv], {
        uid,
        gid: uid,
        cwd: '/',
        env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** A home for `uid`, a drop box the planted code would write to, the victim's env. */
  function setup() {
    if (process.getuid?.() !== 0) {
      throw new Error('this test switches to two other uids: run the suite as root (CI does)');
    }
    const home = mkdtempSync(join(tmpdir(), 'tokenrelay-victim-'));
    chmodSync(home, 0o755);
    chownSync(home, VICTIM, VICTIM);
    const drop = mkdtempSync(join(tmpdir(), 'tokenrelay-drop-'));
    chmodSync(drop, 0o1777);
    const env = { HOME: home, TOKENRELAY_TOKEN: TOKEN, TOKENRELAY_CLIENT_SECRET: SECRET };
    return { home, report: join(drop, 'stolen.json'), env };
  }

  /** stdout is the token itself (`auth token`); nothing else may hold it or the secret. */
  const scanned = (run: { stdout: string; stderr: string }) => {
    assertNoLeaks({ secrets: { token: TOKEN, secret: SECRET }, texts: { stderr: run.stderr } });
    assertNoLeaks({ secrets: { secret: SECRET }, texts: { stdout: run.stdout } });
  };

  const victimRuns = (env: Record<string, string>, umask?: string) =>
    as(VICTIM, [process.execPath, LAUNCHER, '-v', 'auth', 'token'], env, umask);
  const attack = (cache: string, report: string) =>
    as(ATTACKER, [process.execPath, ATTACK, BUNDLE, cache, report], {});

  it('under umask 000 the cache is created 0700 all the way down, and another user cannot plant code in it', async () => {
    const { home, report, env } = setup();
    const first = await victimRuns(env, '000');
    expect(first.stdout).toBe(`${TOKEN}\n`);
    const cacheHome = join(home, '.cache');
    const cache = join(cacheHome, 'tokenrelay', 'compile-cache');
    expect(first.stderr).toContain(`debug: compile cache in ${cache}`);
    for (const dir of [cacheHome, join(cacheHome, 'tokenrelay'), cache]) {
      expect((statSync(dir).mode & 0o777).toString(8), dir).toBe('700');
      expect(statSync(dir).uid).toBe(VICTIM);
    }
    const planted = await attack(cache, report);
    expect(planted.stdout).toContain('kept out: EACCES');
    const second = await victimRuns(env, '000');
    expect(second.stdout).toBe(`${TOKEN}\n`);
    expect(existsSync(report)).toBe(false);
    expect(cacheFiles(cache).length > 0).toBe(HAS_COMPILE_CACHE);
    for (const run of [first, second]) scanned(run);
  });

  it('a cache directory others can write (left by an older launcher) is not used; -v says why', async () => {
    const { home, report, env } = setup();
    const cache = join(home, '.cache', 'tokenrelay', 'compile-cache');
    // What the launcher before this fix left under umask 000.
    await as(VICTIM, ['mkdir', '-p', cache], {}, '000');
    const planted = await attack(cache, report);
    expect(planted.stdout).toContain('planted');
    const run = await victimRuns(env);
    expect(run.stdout).toBe(`${TOKEN}\n`);
    expect(existsSync(report)).toBe(false);
    expect(run.stderr).toContain(
      `debug: compile cache off: ${join(home, '.cache')} is writable by its group and other users (mode 777); run 'chmod go-w ${join(home, '.cache')}'.`,
    );
    scanned(run);
  });

  it("a cache home that is another user's is not used, even read-only to us", async () => {
    const { report, env } = setup();
    const shared = mkdtempSync(join(tmpdir(), 'tokenrelay-shared-cache-'));
    chmodSync(shared, 0o755);
    chownSync(shared, ATTACKER, ATTACKER);
    const cache = join(shared, 'tokenrelay', 'compile-cache');
    await as(ATTACKER, ['mkdir', '-p', cache], {});
    const planted = await attack(cache, report);
    expect(planted.stdout).toContain('planted');
    const run = await victimRuns({ ...env, XDG_CACHE_HOME: shared });
    expect(run.stdout).toBe(`${TOKEN}\n`);
    expect(existsSync(report)).toBe(false);
    expect(run.stderr).toContain(
      `debug: compile cache off: ${shared} belongs to uid ${ATTACKER} (mode 755), not to you.`,
    );
    scanned(run);
  });
});
