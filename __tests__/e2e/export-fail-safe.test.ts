/**
 * `eval "$(tokenrelay exchange --export shell)"` must stop a job when tokenrelay fails: with
 * nothing on stdout, `eval ""` succeeds and the job goes on without a token. The committed
 * bundle, run by real shells (bash, dash, busybox sh), with and without `set -e`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOnPath, cronPath } from '../../test-support/cli-on-path.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { runShell } from '../../test-support/run-shell.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();
const SHELLS: [string, string[]][] = [
  ['bash', ['/bin/bash', '-c']],
  ['dash', ['/usr/bin/dash', '-c']],
  ['busybox sh', ['/usr/bin/busybox', 'sh', '-c']],
];

function sh(shell: string[], script: string, env: Record<string, string>, binDir = cliOnPath()) {
  const home = mkdtempSync(join(tmpdir(), 'tokenrelay-sh-'));
  const run = runShell(shell, script, {
    env: { PATH: cronPath(binDir), HOME: home, LANG: 'C.UTF-8', ...env },
    cwd: home,
  });
  return run.then((r) => ({ ...r, home }));
}

function settings(secret: string): Record<string, string> {
  const { provider } = servers;
  return {
    TOKENRELAY_ISSUER: provider.issuer,
    TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
    TOKENRELAY_CLIENT_SECRET: secret,
  };
}

describe.each(SHELLS)('--export shell under %s', (_name, shell) => {
  it('sets the token when the exchange works', async () => {
    const secret = servers.provider.clients.basic.clientSecret;
    const r = await sh(
      shell,
      'set -e; eval "$(tokenrelay exchange --export shell)"; n=$(printf %s "$TOKENRELAY_TOKEN" | wc -c); echo "got $n chars"',
      settings(secret),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^got *[1-9]\d* chars$/m);
    assertNoLeaks({ secrets: { secret }, texts: { stdout: r.stdout, stderr: r.stderr }, dirs: [r.home] });
  });

  it('with set -e: a rejected secret stops the script with exit 4', async () => {
    const r = await sh(
      shell,
      'set -e; eval "$(tokenrelay exchange --export shell)"; echo "went on without a token"',
      settings('wrong-secret-value'),
    );
    expect(r.code).toBe(4);
    expect(r.stdout).not.toContain('went on');
    expect(r.stderr).toMatch(/tokenrelay: .*(rejected|invalid_client)/i);
  });

  it('with set -e: a usage mistake stops the script with exit 2', async () => {
    const r = await sh(
      shell,
      'set -e; eval "$(tokenrelay exchange --no-such-flag --export shell)"; echo "went on"',
      settings('unused-secret-value'),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('went on');
  });

  it('without set -e: eval returns the exit code and sets no token', async () => {
    const r = await sh(
      shell,
      'eval "$(tokenrelay exchange --export shell)"; echo "eval=$? token=$TOKENRELAY_TOKEN."',
      settings('wrong-secret-value'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('eval=4 token=.');
  });

  it("the README's pattern stops on a failure, and on a missing tokenrelay, with or without set -e", async () => {
    const pattern = 'out="$(tokenrelay exchange --export shell)" || exit; eval "$out"; echo "went on"';
    for (const prefix of ['', 'set -e; ']) {
      const rejected = await sh(shell, prefix + pattern, settings('wrong-secret-value'));
      expect(rejected.code).toBe(4);
      expect(rejected.stdout).not.toContain('went on');
      const emptyBin = mkdtempSync(join(tmpdir(), 'tokenrelay-nobin-'));
      const missing = await sh(shell, prefix + pattern, settings('unused-secret-value'), emptyBin);
      expect(missing.code).toBe(127);
      expect(missing.stdout).not.toContain('went on');
      expect(missing.stderr).toMatch(/tokenrelay.*not found/);
    }
  });
});
