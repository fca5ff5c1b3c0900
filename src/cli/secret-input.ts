import { readFileSync } from 'node:fs';
import { usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import type { CliIO } from './io.ts';

/** `--…-stdin`: the secret (`what`: "token", "client secret") from stdin, registered before anything else sees it. */
export async function secretFromStdin(io: CliIO, what: string): Promise<string> {
  if (io.isTTY) io.err(`Paste the ${what} and press Ctrl-D:`);
  const value = registerSecret((await io.readStdin()).trim());
  if (!value)
    throw usageError(`No ${what} on stdin.`, `Pipe it in, e.g. 'printf %s "$SECRET" | tokenrelay …'.`);
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
