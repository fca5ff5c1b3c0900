/**
 * The installed command (package.json "bin") is a launcher that turns on Node's compile
 * cache under the user's cache directory and runs the one-file CLI beside it. It must
 * behave exactly like the file itself, keep only code in the cache, and stay out of the way
 * when the cache is turned off.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { newHome, runCli } from '../../test-support/run-cli.ts';

const root = new URL('../..', import.meta.url).pathname;
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
