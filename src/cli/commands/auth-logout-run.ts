import type { Command } from 'commander';
import { type LogoutResult, logout } from '../../app/logout.ts';
import { clearActiveEnvironment } from '../../store/active-environment.ts';
import { tildePath } from '../../store/paths.ts';
import { commandContext } from '../context.ts';
import type { CliIO } from '../io.ts';
import { cliStore } from '../store.ts';

/** Removes the session (and with --all the saved token) for the configured or only stored environment. */
export async function runAuthLogout(cmd: Command): Promise<void> {
  const { io, settings, opts, active } = await commandContext(cmd);
  const result = await logout(
    { settings, env: io.env, all: Boolean(opts.all) },
    { openStore: cliStore(io), warn: io.err, debug: io.debug },
  );
  // Nothing left there: the default `auth switch` chose would point at an empty environment.
  if (active && active.environment === result.environment && !result.tokenKept) {
    if (result.sessionRemoved || result.tokenRemoved) await clearActiveEnvironment(io.env);
  }
  if (io.json) {
    io.out(
      `${JSON.stringify(
        {
          environment: result.environment ?? null,
          session_removed: result.sessionRemoved,
          token_removed: result.tokenRemoved,
          token_kept: result.tokenKept,
          revoked: result.revocation?.ok ?? false,
          storage: result.storage,
          keychain_unusable: result.keychainUnusable ?? null,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  report(result, io);
}

function report(r: LogoutResult, io: CliIO): void {
  const where = r.storage.startsWith('/') ? tildePath(r.storage) : r.storage;
  const keychain = r.keychainUnusable
    ? ` The OS keychain is not usable (${r.keychainUnusable}), so a session saved there could not be checked or removed.`
    : '';
  if (!r.environment) {
    io.err(`Nothing to log out of: no credentials are stored in ${where}.${keychain}`);
    return;
  }
  const removed = [r.sessionRemoved && 'the OAuth session', r.tokenRemoved && 'the saved API token'].filter(
    (x): x is string => typeof x === 'string',
  );
  if (removed.length === 0)
    io.err(`Not logged in to ${r.environment}; nothing was removed from ${where}.${keychain}`);
  else io.err(`Logged out of ${r.environment}: removed ${removed.join(' and ')} from ${where}.`);
  if (r.revocation?.ok) io.err('The refresh token was revoked at the server.');
  if (r.tokenKept) {
    io.err(
      `The API token saved for ${r.environment} is kept and still used; 'tokenrelay auth logout --all' removes it too.`,
    );
  }
}
