import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export type ChildOutcome =
  | { kind: 'exited'; code: number }
  | { kind: 'signalled'; signal: NodeJS.Signals }
  | { kind: 'not-started'; errno: string };

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs the command with the terminal (stdin, stdout, stderr) as its own, forwarding the
 * signals that ask a process to stop: the child decides how to end, and we wait for it.
 */
export function runChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onStart: () => void,
): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
    };
    const stop = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    child.once('spawn', onStart);
    child.once('error', (e: NodeJS.ErrnoException) => {
      // Only a failure to start is reported here; a started child ends through 'exit'.
      if (child.pid !== undefined) return;
      stop();
      resolve({ kind: 'not-started', errno: e.code ?? 'error' });
    });
    child.once('exit', (code, signal) => {
      stop();
      resolve(signal ? { kind: 'signalled', signal } : { kind: 'exited', code: code ?? 1 });
    });
  });
}

/** What a shell reports for the same ending: the code, 128+n for a signal, 127/126 for exec failures. */
export function exitCodeOf(outcome: ChildOutcome): number {
  switch (outcome.kind) {
    case 'exited':
      return outcome.code;
    case 'signalled':
      return 128 + (constants.signals[outcome.signal] ?? 0);
    case 'not-started':
      return outcome.errno === 'ENOENT' ? 127 : 126;
  }
}
