/**
 * Hands a token to later steps of a GitHub Actions job. Order matters: every secret the
 * token carries is masked before any output, env, state or log line can contain it, since
 * the runner masks only what it has been told about when the line is printed.
 * Outputs and the env variable are separate switches (as in aws-actions/configure-aws-
 * credentials): outputs are scoped to the job, an env variable reaches every later step.
 */
import { derivedForms, registerSecret } from '../core/secrets.ts';
import type { ResolvedToken } from '../core/token.ts';
import { validateEnvName } from './env-name.ts';
import { tokenFields, tokenSecrets } from './fields.ts';
import type { Runner } from './runner.ts';
import { renderSummary } from './summary.ts';

export interface GitHubExportOptions {
  runner: Runner;
  /** Export the token as this env variable too; unset or '' means outputs only. */
  envName?: string;
  /** Set the step outputs; default true. */
  outputs?: boolean;
  /** Append the job summary; default false. A failure to write it only warns. */
  summary?: boolean;
  now?: number;
}

/** The value, its lines (PEM-style secrets) and the encodings it travels in (core/secret-forms.ts). */
function maskForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  for (const part of [secret, ...secret.split(/\r?\n/).map((line) => line.trim())]) {
    if (part.length < 4) continue;
    for (const form of derivedForms(part)) forms.add(form);
  }
  return [...forms];
}

/** Masks every secret of the token; safe to call more than once. */
export function maskToken(token: ResolvedToken, runner: Runner): void {
  for (const secret of tokenSecrets(token)) {
    registerSecret(secret);
    for (const form of maskForms(secret)) runner.addMask(form);
  }
}

/** The step outputs, in the order they are set; absent facts are not set (read as ''). */
export function githubOutputs(token: ResolvedToken, now = Date.now()): Array<[string, string]> {
  const f = tokenFields(token, now);
  const all: Array<[string, string | undefined]> = [
    ['token', token.accessToken],
    ['token-type', f.tokenType],
    ['expires-at', f.expiresAt],
    ['expires-in', f.expiresIn === undefined ? undefined : String(f.expiresIn)],
    ['scope', f.scope],
    ['tenant', f.tenant],
    ['workspace', f.workspace],
    ['identity', f.identity],
    ['method', f.method],
    ['source', f.source],
  ];
  return all.filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
}

export function exportToGitHub(token: ResolvedToken, options: GitHubExportOptions): void {
  const { runner } = options;
  // Refuse a bad name before anything is written, so a failed run leaves nothing behind.
  const envName = options.envName ? validateEnvName(options.envName) : undefined;
  maskToken(token, runner);
  if (options.outputs !== false) {
    for (const [name, value] of githubOutputs(token, options.now)) runner.setOutput(name, value);
  }
  if (envName) runner.exportVariable(envName, token.accessToken);
  if (options.summary) {
    try {
      runner.appendSummary(renderSummary(token, options.now));
    } catch (e) {
      runner.warning(`Job summary not written: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
