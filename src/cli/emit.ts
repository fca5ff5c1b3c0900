import { usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import type { ResolvedToken } from '../core/token.ts';
import { validateEnvName } from '../export/env-name.ts';
import { tokenSecrets } from '../export/fields.ts';
import { type ExportSpec, parseExportSpec, writeExport } from '../export/sinks.ts';
import type { CliIO } from './io.ts';

export interface EmitOptions {
  exports: string[];
  print?: boolean;
  envName?: string;
}

/** Parsed before anything is sent, so a typo in --export costs no token. */
export function parseEmitOptions(opts: EmitOptions): ExportSpec[] {
  if (opts.envName) validateEnvName(opts.envName);
  const specs = opts.exports.map(parseExportSpec);
  if (opts.print && !specs.some((s) => s.kind === 'print')) specs.unshift({ kind: 'print' });
  // The default, as `gh auth token` and `gcloud auth print-access-token`: the token alone on stdout.
  if (specs.length === 0) specs.push({ kind: 'print' });
  const toStdout = specs.filter((s) => s.kind === 'print' || s.kind === 'shell' || s.kind === 'json');
  if (toStdout.length > 1) {
    throw usageError(
      `Only one of print, shell and json can go to stdout (got ${toStdout.map((s) => s.kind).join(', ')}).`,
      'Send the others to files: --export file=PATH or --export gitlab-dotenv=PATH.',
    );
  }
  return specs;
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
      io.err(`Wrote ${spec.kind === 'file' ? 'credentials file' : 'GitLab dotenv report'} ${file}`);
    }
  }
  return files;
}
