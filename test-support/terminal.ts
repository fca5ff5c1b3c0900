/**
 * The CLI in a real pseudo-terminal: a tmux server on a socket of the test's own (the user's
 * tmux is never touched), a shell line run in a pane as a person types it, the screen read
 * back, the exit code written to a file. Cron-like: `env -i` with PATH, HOME and LANG only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cliScript, tempDir } from './cli-process.ts';

export const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface TerminalRun {
  /** What the pane shows now (joined lines). */
  screen(): string;
  /** The exit code once the line has finished, else undefined. */
  exitCode(): string | undefined;
  /** Ends the pane (and the CLI in it). */
  close(): void;
}

export interface Terminal {
  /**
   * Runs `tokenrelay ARGS REDIRECTS` in a new pane, with only `env` (plus PATH, HOME, LANG).
   * `redirects` is shell text appended to the command line (`</dev/null 2>err`).
   */
  run(
    args: string[],
    opts: { home: string; cwd: string; env?: Record<string, string>; redirects?: string },
  ): TerminalRun;
  /** Kills this test's tmux server. */
  stop(): void;
}

/** PATH with only the directory of the running node: no xdg-open, no browser to start by accident. */
export const NODE_ONLY_PATH = dirname(process.execPath);

export function startTerminal(): Terminal {
  const socket = join(tempDir('tmux'), 'socket');
  const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
  let n = 0;
  return {
    run(args, opts) {
      // A pane that outlives the others: killing the last session would stop the server while
      // the next test starts one on the same socket.
      if (n === 0) tmux('new-session', '-d', '-s', 'keep', 'sleep 3600');
      const name = `t${++n}`;
      const exitFile = join(opts.home, `${name}-exit-code`);
      const script = join(opts.home, `${name}.sh`);
      const env = { PATH: NODE_ONLY_PATH, HOME: opts.home, LANG: 'C.UTF-8', ...opts.env };
      const assignments = Object.entries(env)
        .map(([k, v]) => `${k}=${quote(v)}`)
        .join(' ');
      writeFileSync(
        script,
        [
          '#!/bin/sh',
          `cd ${quote(opts.cwd)}`,
          `env -i ${assignments} ${quote(process.execPath)} ${quote(cliScript())} ${args.map(quote).join(' ')} ${opts.redirects ?? ''}`,
          `echo $? > ${quote(exitFile)}`,
          'sleep 120',
        ].join('\n'),
        { mode: 0o755 },
      );
      tmux('new-session', '-d', '-s', name, '-x', '200', '-y', '50', script);
      return {
        screen: () => tmux('capture-pane', '-p', '-J', '-t', name),
        exitCode: () =>
          existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() || undefined : undefined,
        close: () => {
          try {
            tmux('kill-session', '-t', name);
          } catch {
            // already gone
          }
        },
      };
    },
    stop() {
      try {
        tmux('kill-server'); // only the server on this test's own socket
      } catch {
        // never started, or already gone
      }
      rmSync(socket, { force: true });
    },
  };
}

/** Polls until `probe` gives a value. */
export async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
