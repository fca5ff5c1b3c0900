import type { Command } from 'commander';
import { type AuthStatus, authStatus } from '../../app/auth-status.ts';
import { ExitCode, NotAuthenticatedError } from '../../core/errors.ts';
import { redactToken } from '../../core/redact.ts';
import type { Identity } from '../../core/token.ts';
import { rfc3339 } from '../../export/fields.ts';
import { tildePath } from '../../store/paths.ts';
import { commandContext } from '../context.ts';
import type { CliIO } from '../io.ts';
import { cliStore } from '../store.ts';

/**
 * Prints the report for people on stderr (stdout stays for what scripts capture), or as JSON on
 * stdout with --json. Exit 4 when nothing would authenticate, or the session expired for good.
 */
export async function runAuthStatus(cmd: Command): Promise<void> {
  const { io, settings } = commandContext(cmd);
  const notes: string[] = [];
  const status = await authStatus(settings, io.env, {
    openStore: cliStore(io),
    redact: redactToken,
    debug: io.debug,
    notes,
  });
  if (!status) {
    const error = new NotAuthenticatedError(notes.join(' ') || undefined);
    if (io.json) io.out(`${JSON.stringify({ authenticated: false, error: error.message }, null, 2)}\n`);
    throw error;
  }
  const deadEnd = status.state === 'expired' && !status.refreshable;
  if (io.json) io.out(`${JSON.stringify(statusJson(status), null, 2)}\n`);
  else printStatus(status, io);
  if (deadEnd) process.exitCode = ExitCode.auth;
}

function statusJson(s: AuthStatus) {
  return {
    authenticated: !(s.state === 'expired' && !s.refreshable),
    how: s.how,
    source: s.source,
    source_label: s.sourceLabel,
    environment: s.environment ?? null,
    identity: s.identity ?? null,
    tenant: s.tenant ?? null,
    workspace: s.workspace ?? null,
    token_redacted: s.tokenRedacted ?? null,
    expires_at: s.expiresAt ? rfc3339(s.expiresAt) : null,
    state: s.state,
    refreshable: s.refreshable,
    storage: {
      backend: s.storage.backend,
      location: s.storage.location,
      fallback_reason: s.storage.fallbackReason ?? null,
      keychain_out_of_reach: s.storage.outOfReach ?? null,
    },
  };
}

function printStatus(s: AuthStatus, io: CliIO): void {
  const rows: [string, string | undefined][] = [
    ['Environment', s.environment ?? '(none configured)'],
    ['Authenticated', s.how],
    ['Source', s.sourceLabel],
    ['Identity', identityText(s.identity)],
    ['Tenant', s.tenant],
    ['Workspace', s.workspace],
    ['Token', s.tokenRedacted],
    ['Expires', s.expiresAt ? `${rfc3339(s.expiresAt)} (${relative(s.expiresAt)})` : undefined],
    ['Status', stateText(s)],
    ['Storage', storageText(s)],
    ['Keychain', s.storage.outOfReach],
  ];
  for (const [name, value] of rows) {
    if (value !== undefined) io.err(`${`${name}:`.padEnd(15)}${value}`);
  }
}

function stateText(s: AuthStatus): string {
  const login = "run 'tokenrelay auth login'";
  switch (s.state) {
    case 'valid':
      return 'Valid';
    case 'expiring':
      return s.refreshable
        ? 'Valid, expires soon; refreshed automatically on next use'
        : `Valid, expires soon; ${login} to renew it`;
    case 'expired':
      if (s.refreshable) return 'Access token expired; refreshed automatically on next use';
      return s.source === 'env' || s.source === 'flag'
        ? `EXPIRED — replace the token in ${s.sourceLabel}`
        : `EXPIRED — ${login}`;
    case 'unknown':
      return "Valid (no expiry recorded; 'tokenrelay validate' checks it against the API)";
    case 'configured':
      return 'Configured: a token is requested when a command needs one';
  }
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
