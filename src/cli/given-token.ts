import { usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import type { CliIO } from './io.ts';
import { secretFromStdin } from './secret-input.ts';

/** A token handed to a command, and the flag it came through: the source label names that flag. */
export interface GivenToken {
  token: string;
  label: '--token' | '--token-stdin';
}

/** `--token` / `--token-stdin` of any command that resolves a token; undefined when neither was given. */
export async function givenToken(io: CliIO, opts: Record<string, unknown>): Promise<GivenToken | undefined> {
  if (opts.tokenStdin && opts.token !== undefined) {
    throw usageError('--token and --token-stdin cannot be combined.', 'Give the token one way.');
  }
  if (opts.tokenStdin) return { token: await secretFromStdin(io, 'token'), label: '--token-stdin' };
  if (typeof opts.token === 'string') {
    const token = registerSecret(opts.token.trim());
    if (!token) throw usageError('--token is empty.', 'Pass the token, or pipe it in with --token-stdin.');
    return { token, label: '--token' };
  }
  return undefined;
}
