import { passphraseProblem } from '../app/credentials-backup.ts';
import { usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { canHide, readHidden } from './hidden-input.ts';
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
  const refuse = (value: string) => passphraseProblem(value, confirm);
  if (opts.passphraseStdin) return secretFromStdin(io, 'passphrase', refuse);
  if (!canHide(io.isTTY)) {
    throw usageError(
      'A passphrase is needed and there is no terminal to type it in.',
      'Pipe it in with --passphrase-stdin.',
    );
  }
  const first = await readHidden(confirm ? 'Passphrase for the export: ' : 'Passphrase: ');
  const problem = refuse(first);
  if (problem) throw problem;
  if (confirm) {
    const second = await readHidden('The same passphrase again: ');
    if (first !== second) throw usageError('The two passphrases differ.', 'Run the command again.');
  }
  return registerSecret(first);
}
