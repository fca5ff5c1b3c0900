/**
 * The job summary: what was obtained, never the token itself — not even redacted, since a
 * summary is kept with the run and readable by everyone who can see the run.
 */
import type { ResolvedToken } from '../core/token.ts';
import { tokenFields } from './fields.ts';

/** CI token claims worth seeing when setting up trust (GitHub and GitLab names). */
const CI_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'repository',
  'ref',
  'ref_type',
  'environment',
  'job_workflow_ref',
  'project_path',
  'pipeline_source',
] as const;

/**
 * A value as literal table-cell text: backslash first so the later escapes stay escapes;
 * `|` would end the cell, a newline the row; `<`, `>`, `&` would be HTML; the rest markdown.
 */
export function escapeCell(value: string): string {
  return value
    .replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, ' ')
    .trim();
}

export function humanDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function claimText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(claimText).join(', ');
  return JSON.stringify(value) ?? '';
}

function table(rows: Array<[string, string | undefined]>): string {
  let out = '| | |\n| --- | --- |\n';
  for (const [label, value] of rows) out += `| ${label} | ${value ? escapeCell(value) : '—'} |\n`;
  return out;
}

export function renderSummary(token: ResolvedToken, now = Date.now()): string {
  const f = tokenFields(token, now);
  const expiry = f.expiresAt
    ? `${f.expiresAt} (in ${humanDuration(f.expiresIn ?? 0)})`
    : 'not stated by the server';
  let out = '### tokenrelay\n\n';
  out += table([
    ['Method', f.method],
    ['Source', f.sourceLabel],
    ['Identity', f.identity],
    ['Tenant', f.tenant],
    ['Workspace', f.workspace],
    ['Scopes', f.scope?.split(/\s+/).filter(Boolean).join(', ')],
    ['Expires', expiry],
    ['Environment', f.environment],
  ]);
  const claims = token.ciClaims;
  if (claims) {
    const rows = CI_CLAIMS.filter((k) => claims[k] !== undefined).map(
      (k) => [`\`${k}\``, claimText(claims[k])] as [string, string],
    );
    if (rows.length > 0) out += `\n#### CI token claims\n\n${table(rows)}`;
  }
  return out;
}
