/**
 * `npm run sandbox` as a newcomer uses it: started in its own process group (a terminal), its
 * export lines pasted into another shell where the CLI works against it, then Ctrl-C (SIGINT
 * to the whole group) stops it and its servers.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { runCli } from '../../test-support/run-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Parses `export NAME='value'` lines as a POSIX shell would (single quotes, '\'' inside). */
function parseExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Z_][A-Z0-9_]*)=((?:'[^']*'|\\')+)$/gm)) {
    out[m[1]!] = m[2]!.replace(/'\\''/g, "'").replace(/^'|'$/g, '');
  }
  return out;
}

describe('npm run sandbox', () => {
  it('prints export lines the CLI works with, and stops on Ctrl-C', async () => {
    const child = spawn('npm', ['run', '-s', 'sandbox'], {
      cwd: root,
      detached: true,
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    let closed = false;
    const exited = new Promise<number | null>((r) =>
      child.on('close', (code) => {
        closed = true;
        r(code);
      }),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sandbox not ready:\n${stderr}`)), 60_000);
      child.stderr.on('data', (d) => {
        stderr += d;
        if (/^ready$/m.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => reject(new Error(`sandbox exited ${code}:\n${stderr}`)));
    });
    try {
      const env = parseExports(stdout);
      expect(Object.keys(env).sort()).toEqual([
        'SANDBOX_PAT',
        'TOKENRELAY_API_URL',
        'TOKENRELAY_CLIENT_ID',
        'TOKENRELAY_CLIENT_SECRET',
        'TOKENRELAY_ISSUER',
      ]);
      const exchange = await runCli(['exchange', '--validate', '--export', 'json'], { env });
      expect(exchange.code, exchange.stderr).toBe(0);
      const json = JSON.parse(exchange.stdout) as { method: string; token: string };
      expect(json.method).toBe('client-credentials');
      assertNoLeaks({
        secrets: { secret: env.TOKENRELAY_CLIENT_SECRET!, token: json.token },
        texts: { stderr: exchange.stderr },
        dirs: [exchange.home],
      });
      const pat = await runCli(['validate', '--token-stdin'], { env, stdin: env.SANDBOX_PAT });
      expect(pat.code, pat.stderr).toBe(0);
      expect(pat.stderr).toContain('alice');

      process.kill(-child.pid!, 'SIGINT');
      // npm itself may die of the SIGINT too (code null); the sandbox must stop cleanly.
      expect([0, null]).toContain(await exited);
      expect(stderr).toContain('tokenrelay sandbox stopped.');
      await expect(fetch(`${env.TOKENRELAY_ISSUER}/.well-known/openid-configuration`)).rejects.toThrow();
    } finally {
      if (!closed) process.kill(-child.pid!, 'SIGKILL');
    }
  }, 90_000);
});
