/**
 * A POSIX shell word for any text without NUL: single quotes make every byte literal (no `$`,
 * backtick or backslash expansion); the only character to handle is the quote itself. On its
 * own so the Action's launchers quote paths without loading the shell export.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
