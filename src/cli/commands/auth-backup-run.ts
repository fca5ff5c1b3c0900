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
    },
    { openStore: cliStore(io), passphrase: () => askPassphrase(io, opts, true) },
  );
  if (io.json) {
    io.out(
      `${JSON.stringify({ file: result.file, environments: result.environments, records: result.records }, null, 2)}\n`,
    );
    return;
  }
  io.err(
    `Exported ${result.records} record(s) for ${result.environments.join(', ')} to ${result.file} (0600, encrypted).`,
  );
  io.err("Keep the passphrase apart from the file: 'tokenrelay auth import --file …' needs both.");
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
  for (const { environment, kinds } of result.imported) {
    io.err(`Imported ${kinds.join(', ')} for ${environment} into ${where}.`);
  }
  for (const environment of result.kept) {
    io.err(`Kept the credentials already stored for ${environment}; --force replaces them.`);
  }
  if (result.imported.length === 0) io.err('Nothing was imported.');
}
