import { usageError } from '../core/errors.ts';
import { redactToken } from '../core/redact.ts';
import { registerSecret } from '../core/secrets.ts';
import type { ResolvedToken } from '../core/token.ts';
import { validateEnvName } from '../export/env-name.ts';
import { tokenSecrets } from '../export/fields.ts';
import { type ExportSpec, parseExportSpec, writeExport } from '../export/sinks.ts';
import { tokenJson } from '../export/token-json.ts';
import type { CliIO } from './io.ts';

export interface EmitOptions {
  exports: string[];
  print?: boolean;
  envName?: string;
  /** --json: stdout holds the command's one result object, so no export may go there. */
  json?: boolean;
  /** Nothing asked for: print the token (exchange), or hand it nowhere (validate). */
  defaultPrint?: boolean;
}

/** Parsed before anything is sent, so a typo in --export costs no token. */
export function parseEmitOptions(opts: EmitOptions): ExportSpec[] {
  if (opts.envName) validateEnvName(opts.envName);
  const specs = opts.exports.map(parseExportSpec);
  if (opts.print && !specs.some((s) => s.kind === 'print')) specs.unshift({ kind: 'print' });
  // The default, as `gh auth token` and `gcloud auth print-access-token`: the token alone on stdout.
  if (specs.length === 0 && !opts.json && opts.defaultPrint !== false) specs.push({ kind: 'print' });
  const toStdout = specs.filter((s) => s.kind === 'print' || s.kind === 'shell' || s.kind === 'json');
  if (opts.json && toStdout.length > 0) {
    throw usageError(
      `--json prints the result object on stdout, so --export ${toStdout[0]?.kind}${opts.print ? ' / --print' : ''} cannot go there too.`,
      'Drop --json (--export json prints the token as JSON), or send the token to a file: --export file=PATH or --export gitlab-dotenv=PATH.',
    );
  }
  if (toStdout.length > 1) {
    throw usageError(
      `Only one of print, shell and json can go to stdout (got ${toStdout.map((s) => s.kind).join(', ')}).`,
      'Send the others to files: --export file=PATH or --export gitlab-dotenv=PATH.',
    );
  }
  return specs;
}

/**
 * The --json result of a command that obtained a token: everything about it but the token
 * itself (redacted), and the files it was written to.
 */
export function resultJson(token: ResolvedToken, files: string[] = []) {
  const { token: _secret, ...fields } = tokenJson(token);
  return {
    ...fields,
    token_redacted: redactToken(token.accessToken),
    source_label: token.sourceLabel,
    files,
  };
}

/**
 * Writes the token where asked. Its secrets are registered first (a no-op for the usual
 * already-registered token): in a GitHub Actions `run:` step that is what tells the runner to
 * mask them, on stderr (src/cli/mask-in-actions.ts), so stdout stays clean for `$(tokenrelay …)`.
 */
export function emitToken(token: ResolvedToken, specs: ExportSpec[], io: CliIO, envName?: string): string[] {
  for (const secret of tokenSecrets(token)) registerSecret(secret);
  const files: string[] = [];
  for (const spec of specs) {
    const file = writeExport(token, spec, { write: io.out, env: io.env, envName });
    if (file) {
      files.push(file);
      io.note(`Wrote ${spec.kind === 'file' ? 'credentials file' : 'GitLab dotenv report'} ${file}`);
    }
  }
  return files;
}
