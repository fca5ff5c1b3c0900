import { usageError } from '../core/errors.ts';

/**
 * One line typed or pasted at the terminal with nothing echoed (as `vault login` and `ssh`
 * ask): Enter (or Ctrl-D) ends it, Ctrl-C cancels, Backspace erases. The caller registers
 * what is read (once it has checked it is what it asked for). Only for a terminal: piped
 * input is read as it comes (secret-input.ts).
 */
export function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Echo off before the prompt shows: whatever is typed once it is on screen stays unseen.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(usageError('Cancelled.'));
          return;
        }
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Whether a hidden prompt can be shown: stdin is a terminal that can turn its echo off. */
export function canHide(isTTY: boolean): boolean {
  return isTTY && typeof process.stdin.setRawMode === 'function';
}
