import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export type ChildOutcome =
  | { kind: 'exited'; code: number }
  | { kind: 'signalled'; signal: NodeJS.Signals }
  | { kind: 'not-started'; errno: string };

export interface RunningChild {
  /** Resolves once the child has exited (or failed to start). */
  outcome: Promise<ChildOutcome>;
  /** Passes a signal on while the child runs; false once it has exited. */
  signal(signal: NodeJS.Signals): boolean;
}

/**
 * Runs the command with the terminal (stdin, stdout, stderr) as its own, in our process
 * group, so a terminal's Ctrl-C reaches it directly; the caller decides which other signals
 * to pass on (run-signals.ts), and the child decides how to end.
 */
export function runChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onStart: () => void,
): RunningChild {
  const child = spawn(command, args, { env, stdio: 'inherit' });
  let running = true;
  const outcome = new Promise<ChildOutcome>((resolve) => {
    child.once('spawn', onStart);
    child.once('error', (e: NodeJS.ErrnoException) => {
      // Only a failure to start is reported here; a started child ends through 'exit'.
      if (child.pid !== undefined) return;
      running = false;
      resolve({ kind: 'not-started', errno: e.code ?? 'error' });
    });
    child.once('exit', (code, signal) => {
      running = false;
      resolve(signal ? { kind: 'signalled', signal } : { kind: 'exited', code: code ?? 1 });
    });
  });
  return {
    outcome,
    signal: (signal) => running && child.kill(signal),
  };
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
