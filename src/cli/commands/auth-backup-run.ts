import type { Command } from 'commander';
import { exportCredentials, importCredentials } from '../../app/backup.ts';
import { tildePath } from '../../store/paths.ts';
import { commandContext } from '../context.ts';
import { askPassphrase } from '../passphrase.ts';
import { cliStore } from '../store.ts';

export async function runAuthExport(cmd: Command): Promise<void> {
  const { io, opts, given } = await commandContext(cmd);
  const result = await exportCredentials(
    {
      file: String(opts.file),
      settings: given,
      ...(typeof opts.environment === 'string' ? { environment: opts.environment } : {}),
      force: Boolean(opts.force),
      move: Boolean(opts.move),
    },
    { openStore: cliStore(io), passphrase: () => askPassphrase(io, opts, true) },
  );
  if (io.json) {
    const { file, environments, records, moved } = result;
    const shared = result.sharedSessions;
    io.out(`${JSON.stringify({ file, environments, records, moved, shared_sessions: shared }, null, 2)}\n`);
    return;
  }
  io.say(
    `${result.moved ? 'Moved' : 'Exported'} ${result.records} record(s) for ${result.environments.join(', ')} to ${result.file} (0600, encrypted).`,
  );
  if (result.moved)
    io.say('They were removed from this machine, not revoked: import the file on the other one.');
  if (result.sharedSessions.length) {
    io.err(
      `The session for ${result.sharedSessions.join(', ')} is shared, not copied: logging out on either machine ends it on both, and where the server rotates refresh tokens the first refresh on one ends the other. To hand it over, export with --move; to keep both, log in afresh on the new machine instead.`,
    );
  }
  io.say("Keep the passphrase apart from the file: 'tokenrelay auth import --file …' needs both.");
}

/** The imported sessions are those of the machine they came from, still. */
function sharedSessionNote(imported: { environment: string; kinds: string[] }[]): string | undefined {
  const sessions = imported.filter((i) => i.kinds.includes('oauth')).map((i) => i.environment);
  if (sessions.length === 0) return undefined;
  return `The session for ${sessions.join(', ')} is the one on the machine it was exported from, unless it was exported with --move: logging out or a refresh there can end it here. Log in afresh here ('tokenrelay auth login') for a session of this machine's own.`;
}

export async function runAuthImport(cmd: Command): Promise<void> {
  const { io, opts } = await commandContext(cmd);
  const result = await importCredentials(
    { file: String(opts.file), force: Boolean(opts.force) },
    { openStore: cliStore(io, { announceFallback: true }), passphrase: () => askPassphrase(io, opts, false) },
  );
  if (io.json) {
    io.out(
      `${JSON.stringify({ imported: result.imported, kept: result.kept, storage: result.storage }, null, 2)}\n`,
    );
    return;
  }
  const where = result.storage.startsWith('/') ? tildePath(result.storage) : result.storage;
  for (const { environment, kinds, records } of result.imported) {
    io.err(`Imported ${kinds.join(', ')} for ${environment} into ${where}.`);
    // Where each record's secrets will go, so a foreign endpoint is seen before it is used.
    for (const r of records) {
      const parts = [
        r.issuer && `issuer ${r.issuer}`,
        r.clientId && `client id ${r.clientId}`,
        r.tokenEndpoint && `token endpoint ${r.tokenEndpoint}`,
        r.revocationEndpoint && `revocation endpoint ${r.revocationEndpoint}`,
      ].filter(Boolean);
      if (parts.length) io.err(`  ${r.kind}: ${parts.join(', ')}`);
    }
  }
  for (const environment of result.kept) {
    io.err(`Kept the credentials already stored for ${environment}; --force replaces them.`);
  }
  if (result.imported.length === 0) io.err('Nothing was imported.');
  const shared = sharedSessionNote(result.imported);
  if (shared) io.err(shared);
}
