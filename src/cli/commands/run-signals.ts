import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

/**
 * Every signal whose default action ends a process and that a handler can catch. Left to
 * their default, any of them would end `run` with the token file on disk and the minted
 * token live while the command runs on. Not here: SIGKILL and SIGSTOP (no handler can
 * catch them: README, `run`, says what SIGKILL leaves), the job-control and notification
 * signals (they stop, continue or inform, and end nothing), SIGPIPE (Node ignores it), and
 * the faults a process raises on itself (SIGSEGV, SIGBUS, SIGFPE, SIGILL), after which no
 * JavaScript can safely run.
 */
const ENDING = [
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGTERM',
  'SIGUSR1',
  'SIGUSR2',
  'SIGALRM',
  'SIGVTALRM',
  'SIGPROF',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGTRAP',
  'SIGABRT',
  'SIGSYS',
  'SIGIO',
  'SIGPWR',
  'SIGSTKFLT',
] as const;

export const HANDLED: readonly NodeJS.Signals[] = ENDING.filter(
  (s) => process.platform !== 'win32' && s in constants.signals,
);

/**
 * Calls `on` for each handled signal until the returned function is called. While the
 * listeners are in place, Node does not end the process for these signals.
 */
export function catchSignals(on: (signal: NodeJS.Signals) => void): () => void {
  const listener = (signal: NodeJS.Signals) => on(signal);
  for (const signal of HANDLED) process.on(signal, listener);
  return () => {
    for (const signal of HANDLED) process.off(signal, listener);
  };
}

/** The keys a terminal turns into signals (Ctrl-C, Ctrl-\) for its whole foreground process group. */
const FROM_THE_KEYBOARD = new Set<NodeJS.Signals>(['SIGINT', 'SIGQUIT']);

/**
 * Whether the child already got `signal` from the terminal: a key press signals the whole
 * foreground process group, and the child is in ours. Forwarding it as well would make one
 * Ctrl-C two, which tools like terraform read as "abort now". A signal sent to us alone (a
 * CI runner cancelling, `kill`, `timeout`) is forwarded.
 */
export function terminalAlreadySent(signal: NodeJS.Signals): boolean {
  if (!FROM_THE_KEYBOARD.has(signal)) return false;
  return foregroundOfATerminal() ?? Boolean(process.stdin.isTTY);
}

/**
 * Linux: whether our process group is the foreground group of our controlling terminal
 * (/proc/self/stat: pgrp, session, tty_nr, tpgid after the command name). Undefined where
 * /proc cannot tell; then a terminal on stdin is the best guess.
 */
function foregroundOfATerminal(): boolean | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [pgrp, , ttyNr, tpgid] = [fields[2], fields[3], fields[4], fields[5]].map(Number);
  return ttyNr !== 0 && tpgid === pgrp;
}
