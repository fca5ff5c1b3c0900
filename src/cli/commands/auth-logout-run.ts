import type { Command } from 'commander';
import { type LogoutResult, logout, logoutEverywhere } from '../../app/logout.ts';
import { clearActiveEnvironment } from '../../store/active-environment.ts';
import { tildePath } from '../../store/paths.ts';
import { commandContext } from '../context.ts';
import type { CliIO } from '../io.ts';
import { cliStore } from '../store.ts';

/**
 * Removes what login saved for the named, active (`auth switch` or the last login) or only
 * stored environment; `--all-environments` for every one.
 */
export async function runAuthLogout(cmd: Command): Promise<void> {
  const { io, settings, opts, active } = await commandContext(cmd);
  if (opts.all) {
    // Its old meaning ("the token too") is now what logout always does; silently widening it
    // to every environment would log people out of more than they asked for.
    io.err(
      "tokenrelay: warning: --all is deprecated and no longer needed: logout removes the saved API token too. '--all-environments' logs out of every environment.",
    );
  }
  const deps = { openStore: cliStore(io), warn: io.err, debug: io.debug };
  const request = { settings, env: io.env };
  const results = opts.allEnvironments
    ? await logoutEverywhere(request, deps)
    : [await logout(request, deps)];
  // Nothing left there: the default would point at an empty environment.
  const removed = (r: LogoutResult) => r.sessionRemoved || r.tokenRemoved;
  if (active && results.some((r) => r.environment === active.environment && removed(r))) {
    await clearActiveEnvironment(io.env);
  }
  if (io.json) {
    const objects = results.map(json);
    io.out(`${JSON.stringify(opts.allEnvironments ? { environments: objects } : objects[0], null, 2)}\n`);
    return;
  }
  for (const result of results) report(result, io);
}

function json(result: LogoutResult) {
  return {
    environment: result.environment ?? null,
    session_removed: result.sessionRemoved,
    token_removed: result.tokenRemoved,
    revoked: result.revocation?.ok ?? false,
    storage: result.storage,
    keychain_unusable: result.keychainUnusable ?? null,
  };
}

function report(r: LogoutResult, io: CliIO): void {
  const where = r.storage.startsWith('/') ? tildePath(r.storage) : r.storage;
  const keychain = r.keychainUnusable
    ? ` The OS keychain is not usable (${r.keychainUnusable}), so a session saved there could not be checked or removed.`
    : '';
  if (!r.environment) {
    io.say(`Nothing to log out of: no credentials are stored in ${where}.${keychain}`);
    return;
  }
  const removed = [r.sessionRemoved && 'the OAuth session', r.tokenRemoved && 'the saved API token'].filter(
    (x): x is string => typeof x === 'string',
  );
  if (removed.length === 0)
    io.say(`Not logged in to ${r.environment}; nothing was removed from ${where}.${keychain}`);
  else io.say(`Logged out of ${r.environment}: removed ${removed.join(' and ')} from ${where}.`);
  if (r.revocation?.ok) io.say('The refresh token was revoked at the server.');
}
