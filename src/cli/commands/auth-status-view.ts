import type { AuthStatus } from '../../app/auth-status.ts';
import { ExitCode, type TokenRelayError } from '../../core/errors.ts';
import { type Identity, rfc3339 } from '../../core/token.ts';
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
    obtained: s.obtained ?? null,
    checked: s.checked.map((c) => ({
      source: c.source,
      label: c.label,
      verdict: c.verdict.state,
      expires_at:
        c.verdict.state === 'expired'
          ? rfc3339(c.verdict.at)
          : c.verdict.state === 'live' && c.verdict.until
            ? rfc3339(c.verdict.until)
            : null,
    })),
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

/** The rows people read, on stdout; what went wrong and what to do is `problemLine`'s, on stderr. */
export function statusRows(s: AuthStatus): [string, string | undefined][] {
  return [
    ['Environment', s.environment ?? '(none configured)'],
    ['Authenticated', authenticatedText(s)],
    ['Source', s.sourceLabel],
    ['Skipped', skippedText(s)],
    ['Obtained', s.obtained ? OBTAINED[s.obtained] : undefined],
    ['Identity', identityText(s.identity)],
    ['Tenant', s.tenant],
    ['Workspace', s.workspace],
    ['Token', s.tokenRedacted],
    ['Expires', s.expiresAt ? `${rfc3339(s.expiresAt)} (${relative(s.expiresAt)})` : undefined],
    ['Status', statusText(s)],
    ['Storage', storageText(s)],
    ['Keychain', s.storage.outOfReach],
  ];
}

const OBTAINED = {
  minted: 'minted just now',
  cached: "from the token cache (minted earlier, e.g. by this job's tokenrelay step)",
  refreshed: 'refreshed just now with the stored refresh token',
} as const;

/** Yes only as far as it was checked: a source that would mint, offline, is not known to work. */
function authenticatedText(s: AuthStatus): string {
  if (statusExitCode(s) !== ExitCode.ok) return `no (${s.how})`;
  return s.state === 'configured' ? `${s.how}, configured (not checked)` : s.how;
}

/** Tokens passed over before the one shown, because they are known to have expired. */
function skippedText(s: AuthStatus): string | undefined {
  const skipped = s.checked.filter((c) => c.verdict.state === 'expired' && c.label !== s.sourceLabel);
  if (skipped.length === 0) return undefined;
  return skipped
    .map((c) => `${c.label} (expired at ${c.verdict.state === 'expired' ? rfc3339(c.verdict.at) : ''})`)
    .join(', ');
}

const LOGIN = "run 'tokenrelay auth login'";

function statusText(s: AuthStatus): string {
  if (s.state === 'configured') return 'Not checked (offline): a token is requested when a command needs one';
  if (s.state === 'expired') {
    if (s.refreshable) return 'Access token expired; not refreshed (offline), refreshed on next use';
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
    const by = check.host ? ` by ${check.host}` : '';
    return `Rejected${by}${check.httpStatus ? ` (HTTP ${check.httpStatus})` : ''}`;
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

/** The problem of a report that does not authenticate, for stderr: what happened, then what to do. */
export function problemLine(s: AuthStatus): string | undefined {
  if (statusExitCode(s) === ExitCode.ok) return undefined;
  const error = problem(s);
  if (!error) return `${s.sourceLabel}: ${statusText(s)}`;
  const next = nextStepOf(error);
  return next ? `${error.message} ${next}` : error.message;
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
