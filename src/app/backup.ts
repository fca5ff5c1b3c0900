import { readFile, writeFile } from 'node:fs/promises';
import { usageError } from '../core/errors.ts';
import type { Settings } from '../core/settings.ts';
import type { CredentialKind, CredentialRecord, CredentialStore } from '../store/types.ts';
import { removeExported, sharedSessions } from './backup-sessions.ts';
import { checkPassphrase, decryptBackup, encryptBackup, refuseGitWorkTree } from './credentials-backup.ts';
import { namedEnvironment } from './environments.ts';

export interface BackupDeps {
  openStore: () => Promise<CredentialStore>;
  /** Asked only once everything else is known to be in order. */
  passphrase: () => Promise<string>;
}

export interface ExportRequest {
  file: string;
  settings: Settings;
  /** `--environment URL`: only this one. */
  environment?: string;
  force: boolean;
  /** `--move`: hand the credentials over: removed here once the file is written. */
  move?: boolean;
}

export interface ExportResult {
  file: string;
  environments: string[];
  records: number;
  /** Environments whose session the file shares with this machine (none once moved). */
  sharedSessions: string[];
  moved: boolean;
}

/** `auth export`: every stored credential (or one environment's) into a new 0600 encrypted file. */
export async function exportCredentials(req: ExportRequest, deps: BackupDeps): Promise<ExportResult> {
  refuseGitWorkTree(req.file, req.force, 'The export file');
  const store = await deps.openStore();
  let records = await store.list();
  if (req.environment) {
    const { stored } = await namedEnvironment(req.settings, req.environment, async () => store);
    records = records.filter((r) => r.environment === stored.environment);
  }
  if (records.length === 0) {
    throw usageError(
      'Nothing is stored, so there is nothing to export.',
      "Log in first: 'tokenrelay auth login'.",
    );
  }
  const jwe = await encryptBackup(records, checkPassphrase(await deps.passphrase()));
  try {
    // 'wx': a new file only; an existing one (perhaps an older backup) is never replaced.
    await writeFile(req.file, jwe, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(
      code === 'EEXIST' ? `${req.file} already exists.` : `Cannot create ${req.file}: ${code ?? 'error'}.`,
      code === 'EEXIST'
        ? 'Choose a new file name; an export never overwrites.'
        : 'Check the path and its permissions.',
    );
  }
  if (req.move) await removeExported(store, records);
  return {
    file: req.file,
    environments: [...new Set(records.map((r) => r.environment))],
    records: records.length,
    sharedSessions: req.move ? [] : sharedSessions(records),
    moved: Boolean(req.move),
  };
}

export interface ImportRequest {
  file: string;
  /** Replace what is stored for an environment, and write into a git work tree. */
  force: boolean;
}

export interface ImportResult {
  imported: { environment: string; kinds: CredentialKind[] }[];
  /** Environments that already had credentials here and were left as they were. */
  kept: string[];
  storage: string;
}

/**
 * `auth import`: the records of an export, all checked before the first is written; an
 * environment that already has credentials here keeps them unless --force.
 */
export async function importCredentials(req: ImportRequest, deps: BackupDeps): Promise<ImportResult> {
  let text: string;
  try {
    text = await readFile(req.file, 'utf8');
  } catch (e) {
    throw usageError(
      `Cannot read ${req.file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`,
      "Point --file at a file written by 'tokenrelay auth export'.",
    );
  }
  if (text.length > 4 * 1024 * 1024) throw usageError(`${req.file} is too large to be an export.`);
  const store = await deps.openStore();
  if (store.backend === 'file') refuseGitWorkTree(store.location, req.force, 'The credentials file');
  const records = await decryptBackup(text, deps.passphrase, req.file);
  const existing = new Set((await store.list()).map((r) => r.environment));
  const byEnvironment = new Map<string, CredentialRecord[]>();
  for (const r of records) byEnvironment.set(r.environment, [...(byEnvironment.get(r.environment) ?? []), r]);
  const result: ImportResult = { imported: [], kept: [], storage: store.location };
  for (const [environment, list] of byEnvironment) {
    if (existing.has(environment) && !req.force) {
      result.kept.push(environment);
      continue;
    }
    await store.withLock(environment, async () => {
      for (const record of list) await store.put(record);
    });
    result.imported.push({ environment, kinds: list.map((r) => r.kind) });
  }
  return result;
}
