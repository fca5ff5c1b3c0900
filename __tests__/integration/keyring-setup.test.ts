/**
 * The test harness itself: scripts/with-keyring.sh starts one unlocked gnome-keyring every
 * time (no D-Bus activation can start a second, locked one), and `npm test` reports a broken
 * set-up as a set-up failure, never as "0 passed, 1 failed".
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
/**
 * A TMPDIR nothing can create: under a regular file. A plain missing directory was made by the
 * first tool that ran with it (npm fetching the oldest Node on a fresh checkout), and then
 * scripts/test.ts set up fine and ran the whole suite again — this test included, recursively.
 */
const NO_TMPDIR = join(root, 'package.json', 'no-such-dir');

describe('scripts/with-keyring.sh', () => {
  it('starts 50 times in a row with one unlocked keyring and nothing activatable', {
    timeout: 300_000,
  }, async () => {
    const { stdout } = await run('bash', [join(root, 'scripts/keyring-soak.sh'), '50'], { cwd: root });
    expect(stdout).toContain('50 of 50 starts clean');
  });

  it('a set-up failure exits 70 and names the cause', async () => {
    const failed = await run('bash', [join(root, 'scripts/with-keyring.sh'), 'true'], {
      env: { ...process.env, TMPDIR: NO_TMPDIR },
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failed && failed.code).toBe(70);
    expect(failed.stderr).toContain('with-keyring.sh: cannot create a throwaway keyring directory');
  });
});

describe('npm test (scripts/test.ts)', () => {
  it('says "setup failed … no test ran" when the keyring cannot start', { timeout: 120_000 }, async () => {
    const outcome = await run(join(root, 'node_modules/.bin/node'), [join(root, 'scripts/test.ts')], {
      cwd: root,
      env: { ...process.env, TMPDIR: NO_TMPDIR },
    }).then(
      (ok) => ({ code: 0, stdout: ok.stdout }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.stdout).toMatch(
      /tests: setup failed: cannot create a throwaway keyring directory under .*no-such-dir, no test ran/,
    );
    expect(outcome.stdout).not.toMatch(/\d+ passed, \d+ failed/);
  });
});
