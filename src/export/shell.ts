/**
 * `--export shell`: `export NAME='value'` lines for `eval "$(tokenrelay exchange --export shell)"`.
 * Single quotes make every byte literal in POSIX shells (no `$`, backtick or backslash
 * expansion); the only character to handle is the quote itself. NUL cannot be passed
 * through a shell variable at all, so such a value is refused rather than truncated.
 */
import { usageError } from '../core/errors.ts';
import type { ResolvedToken } from '../core/token.ts';
import { shellQuote } from './shell-quote.ts';
import { DEFAULT_ENV_NAME, tokenVariables } from './variables.ts';

export { shellQuote } from './shell-quote.ts';

export function renderShellExports(token: ResolvedToken, envName = DEFAULT_ENV_NAME): string {
  let out = '';
  for (const [name, value] of tokenVariables(token, envName)) {
    if (value.includes('\0')) {
      throw usageError(
        `${name} cannot be exported to a shell: its value contains a NUL byte.`,
        'Use --export json or --export file=PATH instead.',
      );
    }
    out += `export ${name}=${shellQuote(value)}\n`;
  }
  return out;
}

/**
 * What stdout carries when a command asked for `--export shell` fails: `eval "$(tokenrelay …)"`
 * then fails with the command's exit code (so `set -e` stops the job) instead of evaluating
 * nothing and succeeding. A subshell's `exit`, not `exit`: an interactive shell stays open.
 */
export function failedExportStatement(exitCode: number): string {
  return `# tokenrelay failed (exit ${exitCode}); the reason is on stderr.\n(exit ${exitCode})\n`;
}

/** Whether argv asks for `--export shell`, read without the argument parser (which may be what failed). */
export function asksForShellExport(argv: readonly string[]): boolean {
  return argv.some((arg, i) => arg === '--export=shell' || (arg === '--export' && argv[i + 1] === 'shell'));
}
