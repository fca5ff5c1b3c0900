import { readFileSync } from 'node:fs';
import { usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { canHide, readHidden } from './hidden-input.ts';
import type { CliIO } from './io.ts';

/**
 * `--…-stdin`: the secret (`what`: "token", "client secret", "passphrase") from stdin, registered before anything else sees it (once `refuse`
 * has had its say: a value refused for what it is never becomes a secret). At a terminal
 * it is pasted without echo and Enter ends it — a pasted token must not stay on screen, in
 * the scrollback or a screen recording; a pipe is read to its end, as scripts expect.
 */
export async function secretFromStdin(
  io: CliIO,
  what: string,
  refuse: (value: string) => Error | undefined = () => undefined,
): Promise<string> {
  const text = canHide(io.isTTY)
    ? await readHidden(`Paste the ${what} (it will be hidden), then press Enter: `)
    : await io.readStdin();
  // A value refused for what it is (too short…) is refused before it becomes a secret.
  const problem = text.trim() ? refuse(text.trim()) : undefined;
  if (problem) throw problem;
  const value = registerSecret(text.trim());
  if (!value)
    throw usageError(
      `No ${what} on stdin.`,
      canHide(io.isTTY)
        ? 'Paste it at the prompt, then press Enter.'
        : `Pipe it in, e.g. 'printf %s "$SECRET" | tokenrelay …'.`,
    );
  return value;
}

/** `--private-key-file PATH`: read and registered at once; the path is not a secret, the content is. */
export function secretFromFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw usageError(
      `Cannot read ${what} from ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`,
      'Check the path and that this user may read it.',
    );
  }
  registerSecret(text);
  if (!text.trim()) {
    throw usageError(`The ${what} file ${path} is empty.`, 'Point it at a PKCS#8 PEM or JWK private key.');
  }
  return text;
}
