/**
 * `tokenrelay auth token` / `--export print`: the token alone on stdout with a newline, as
 * `gh auth token` does, so `$(tokenrelay auth token)` is exactly the token. This is one of
 * the few places allowed to print a token; nothing else may share stdout with it.
 */
import type { ResolvedToken } from '../core/token.ts';

export function printToken(
  token: ResolvedToken,
  write: (text: string) => void = (text) => void process.stdout.write(text),
): void {
  write(`${token.accessToken}\n`);
}
