/**
 * Runs a shell script the way CI and cron do: a child process with only the environment given
 * (no inherited variables), no TTY. Async, because the servers a script talks to usually run
 * in the test's own process.
 */
import { spawn } from 'node:child_process';

export interface ShellRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runShell(
  shell: readonly string[],
  script: string,
  opts: { env: Record<string, string>; cwd: string; timeoutMs?: number },
): Promise<ShellRun> {
  const [cmd, ...args] = shell;
  const child = spawn(cmd!, [...args, script], {
    env: opts.env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: opts.timeoutMs ?? 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
