import type { AuthStatus } from '../../app/auth-status.ts';
import { ExitCode, type TokenRelayError } from '../../core/errors.ts';
import type { Identity } from '../../core/token.ts';
import { rfc3339 } from '../../export/fields.ts';
import { tildePath } from '../../store/paths.ts';
import { errorJson, nextStepOf } from '../report-error.ts';

/** The one-word state `auth status` leads with, in text and JSON alike. */
export type Headline = 'valid' | 'rejected' | 'not_checked' | 'expired' | 'configured';

export function headline(s: AuthStatus): Headline {
  if (s.state === 'configured') return 'configured';
  if (s.state === 'expired') return 'expired';
  if (s.check?.status === 'valid') return 'valid';
  if (s.check?.status === 'rejected') return 'rejected';
  return 'not_checked';
}

/** 4 for a rejected token or a session that expired for good; a failed check keeps its own code. */
export function statusExitCode(s: AuthStatus): number {
  if (s.check?.status === 'rejected') return ExitCode.auth;
  if (s.state === 'expired' && !s.refreshable) return ExitCode.auth;
  if (s.check?.status === 'not_checked' && s.check.error) return s.check.error.exitCode;
  return ExitCode.ok;
}

export function statusJson(s: AuthStatus) {
  const check = s.check;
  const code = statusExitCode(s);
  const error = check && 'error' in check ? check.error : undefined;
  return {
    authenticated: code === ExitCode.ok,
    state: headline(s),
    ...(s.active !== undefined ? { active: s.active } : {}),
    how: s.how,
    source: s.source,
    source_label: s.sourceLabel,
    environment: s.environment ?? null,
    identity: s.identity ?? null,
    tenant: s.tenant ?? null,
    workspace: s.workspace ?? null,
    token_redacted: s.tokenRedacted ?? null,
    expires_at: s.expiresAt ? rfc3339(s.expiresAt) : null,
    expiry: s.state,
    refreshable: s.refreshable,
    check: check
      ? {
          status: check.status,
          host: check.host ?? null,
          checked_at: check.status === 'valid' ? rfc3339(check.checkedAt) : null,
          http_status: check.status === 'rejected' ? (check.httpStatus ?? null) : null,
          reason: check.status === 'not_checked' ? check.reason : null,
        }
      : null,
    storage: {
      backend: s.storage.backend,
      location: s.storage.location,
      fallback_reason: s.storage.fallbackReason ?? null,
      keychain_out_of_reach: s.storage.outOfReach ?? null,
    },
    ...(error && code !== ExitCode.ok ? errorJson(error) : {}),
  };
}

export function statusRows(s: AuthStatus): [string, string | undefined][] {
  return [
    ['Environment', s.environment ?? '(none configured)'],
    ['Authenticated', s.how],
    ['Source', s.sourceLabel],
    ['Identity', identityText(s.identity)],
    ['Tenant', s.tenant],
    ['Workspace', s.workspace],
    ['Token', s.tokenRedacted],
    ['Expires', s.expiresAt ? `${rfc3339(s.expiresAt)} (${relative(s.expiresAt)})` : undefined],
    ['Status', statusText(s)],
    ['Reason', problem(s)?.message],
    ['Next step', nextStep(s)],
    ['Storage', storageText(s)],
    ['Keychain', s.storage.outOfReach],
  ];
}

const LOGIN = "run 'tokenrelay auth login'";

function statusText(s: AuthStatus): string {
  if (s.state === 'configured') return 'Configured: a token is requested when a command needs one';
  if (s.state === 'expired') {
    if (s.refreshable) return 'Access token expired; refreshed automatically on next use';
    return s.source === 'env' || s.source === 'flag'
      ? `EXPIRED — replace the token in ${s.sourceLabel}`
      : `EXPIRED — ${LOGIN}`;
  }
  const soon =
    s.state === 'expiring'
      ? s.refreshable
        ? '; expires soon, refreshed automatically on next use'
        : `; expires soon, ${LOGIN} to renew it`
      : '';
  const check = s.check;
  if (check?.status === 'valid') return `Valid (checked against ${check.host} just now)${soon}`;
  if (check?.status === 'rejected') {
    return `Rejected by ${check.host}${check.httpStatus ? ` (HTTP ${check.httpStatus})` : ''}`;
  }
  switch (check?.reason) {
    case 'offline':
      return `Not checked (offline)${soon}`;
    case 'failed':
      return `Not checked (${check.host} could not be asked)${soon}`;
    default:
      return `Not checked (no API URL to ask; set --api-url)${soon}`;
  }
}

/** What went wrong when the check did not pass (what the API said, or why it could not be asked). */
function problem(s: AuthStatus): TokenRelayError | undefined {
  const check = s.check;
  return check && check.status !== 'valid' && 'error' in check ? check.error : undefined;
}

function nextStep(s: AuthStatus): string | undefined {
  const error = problem(s);
  return error ? nextStepOf(error) : undefined;
}

function storageText(s: AuthStatus): string {
  const where = s.storage.backend === 'file' ? tildePath(s.storage.location) : s.storage.location;
  const why = s.storage.fallbackReason ? ` (no OS keychain: ${s.storage.fallbackReason})` : '';
  return `${s.storage.backend} — ${where}${why}`;
}

function identityText(identity: Identity | undefined): string | undefined {
  if (!identity) return undefined;
  const main = identity.login ?? identity.name ?? identity.email ?? identity.subject;
  if (!main) return undefined;
  const extra = [identity.name, identity.email].filter((v) => v && v !== main);
  return extra.length ? `${main} (${extra.join(', ')})` : main;
}

function relative(at: Date, now = Date.now()): string {
  const seconds = Math.round((at.getTime() - now) / 1000);
  const span = Math.abs(seconds);
  const text =
    span < 90
      ? `${span} s`
      : span < 5400
        ? `${Math.round(span / 60)} min`
        : span < 172_800
          ? `${Math.round(span / 3600)} h`
          : `${Math.round(span / 86_400)} days`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
