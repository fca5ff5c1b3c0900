/**
 * The CLI's `--export` option: which sink, parsed from its spec string, and the one call
 * that writes to it. Which token is not decided here; the face hands it over resolved.
 */
import { usageError } from '../core/errors.ts';
import type { ResolvedToken } from '../core/token.ts';
import { writeCredentialsFile } from './credentials-file.ts';
import { writeGitLabDotenv } from './gitlab-dotenv.ts';
import { printToken } from './print.ts';
import { renderShellExports } from './shell.ts';
import { renderJson } from './token-json.ts';

export type ExportSpec =
  | { kind: 'print' }
  | { kind: 'shell' }
  | { kind: 'json' }
  | { kind: 'gitlab-dotenv'; path: string }
  | { kind: 'file'; path: string };

export const EXPORT_FORMS = ['print', 'shell', 'json', 'gitlab-dotenv=PATH', 'file=PATH'] as const;

function invalid(spec: string, why: string) {
  return usageError(`Invalid --export "${spec}": ${why}.`, `Use one of: ${EXPORT_FORMS.join(', ')}.`);
}

export function parseExportSpec(spec: string): ExportSpec {
  const eq = spec.indexOf('=');
  const kind = eq < 0 ? spec : spec.slice(0, eq);
  const path = eq < 0 ? undefined : spec.slice(eq + 1);
  switch (kind) {
    case 'print':
    case 'shell':
    case 'json':
      if (path !== undefined) throw invalid(spec, `"${kind}" takes no path`);
      return { kind };
    case 'gitlab-dotenv':
    case 'file':
      if (!path) throw invalid(spec, `"${kind}" needs a path, as in ${kind}=PATH`);
      return { kind, path };
    default:
      throw invalid(spec, 'unknown form');
  }
}

export interface ExportDeps {
  /** stdout; only print, shell and json write to it. */
  write?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Variable name for shell and gitlab-dotenv (default TOKENRELAY_TOKEN). */
  envName?: string;
  now?: number;
}

/** Writes the token to the sink; returns the file written, if any (for cleanup). */
export function writeExport(
  token: ResolvedToken,
  spec: ExportSpec,
  deps: ExportDeps = {},
): string | undefined {
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const envName = deps.envName || undefined;
  switch (spec.kind) {
    case 'print':
      printToken(token, write);
      return undefined;
    case 'shell':
      write(renderShellExports(token, envName));
      return undefined;
    case 'json':
      write(renderJson(token, deps.now));
      return undefined;
    case 'gitlab-dotenv':
      return writeGitLabDotenv(token, spec.path, envName);
    case 'file':
      return writeCredentialsFile(token, spec.path, { env: deps.env, now: deps.now });
  }
}
