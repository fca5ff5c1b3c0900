/**
 * On a Node older than 22 the CLI bundle stops before doing anything, exit 2, naming the
 * version it found and the one it needs. This machine's /usr/bin/node is Node 20.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/run-cli.ts';

const OLD_NODE = '/usr/bin/node';

describe('the CLI bundle on Node 20', () => {
  const version = execFileSync(OLD_NODE, ['--version'], { encoding: 'utf8' }).trim();

  it('is a Node older than 22', () => {
    expect(version).toMatch(/^v(1\d|20|21)\./);
  });

  it.each([
    [['auth', 'token']],
    [['exchange', '--export', 'json']],
    [['--version']],
  ])('stops at once with exit 2: tokenrelay %s', async (args) => {
    const run = await runCli(args, {
      node: OLD_NODE,
      env: {
        TOKENRELAY_ISSUER: 'http://127.0.0.1:9/',
        TOKENRELAY_CLIENT_ID: 'x',
        TOKENRELAY_CLIENT_SECRET: 'unused-secret',
      },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`this is Node.js ${version.slice(1)}`);
    expect(run.stderr).toContain('Node.js 22 or newer is needed');
  });
});
