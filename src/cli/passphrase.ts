import { usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import type { CliIO } from './io.ts';
import { secretFromStdin } from './secret-input.ts';

/**
 * The passphrase of an export: from stdin with --passphrase-stdin, else typed at the terminal
 * without echo — twice when it is being chosen, so a typo cannot lock the backup away.
 */
export async function askPassphrase(
  io: CliIO,
  opts: Record<string, unknown>,
  confirm: boolean,
): Promise<string> {
  if (opts.passphraseStdin) return secretFromStdin(io, 'passphrase');
  if (!io.isTTY || !process.stdin.setRawMode) {
    throw usageError(
      'A passphrase is needed and there is no terminal to type it in.',
      'Pipe it in with --passphrase-stdin.',
    );
  }
  const first = await readHidden(confirm ? 'Passphrase for the export: ' : 'Passphrase: ');
  if (!confirm) return first;
  const second = await readHidden('The same passphrase again: ');
  if (first !== second) throw usageError('The two passphrases differ.', 'Run the command again.');
  return first;
}

/** One line from the terminal in raw mode: nothing echoed, backspace and Ctrl-C honoured. */
function readHidden(prompt: string): Promise<string> {
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
          resolve(registerSecret(value));
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
