import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { usageError } from '../core/errors.ts';
import { offOriginEndpoints } from '../core/identity.ts';
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

/** What an imported record says it is: where its secrets go. */
export interface ImportedRecord {
  kind: CredentialKind;
  issuer?: string;
  clientId?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
}

export interface ImportResult {
  imported: { environment: string; kinds: CredentialKind[]; records: ImportedRecord[] }[];
  /** Environments that already had credentials here and were left as they were. */
  kept: string[];
  storage: string;
}

/**
 * `auth import`: the records of an export, all checked before the first is written; an
 * environment that already has credentials here keeps them unless --force.
 */
export async function importCredentials(req: ImportRequest, deps: BackupDeps): Promise<ImportResult> {
  const text = readExport(req.file);
  const store = await deps.openStore();
  if (store.backend === 'file') refuseGitWorkTree(store.location, req.force, 'The credentials file');
  const records = await decryptBackup(text, deps.passphrase, req.file);
  refuseForeignEndpoints(records, req.force);
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
    result.imported.push({ environment, kinds: list.map((r) => r.kind), records: list.map(described) });
  }
  return result;
}

/**
 * A record brings its own endpoints, and its refresh token (and any configured secret that
 * matches its client) goes to them: one whose token or revocation endpoint is not on its
 * issuer's origin is refused, before anything is written, unless --force says it is meant.
 */
function refuseForeignEndpoints(records: CredentialRecord[], force: boolean): void {
  const foreign = records.flatMap((r) =>
    r.kind === 'oauth'
      ? offOriginEndpoints(r).map((url) => `${url} (session for ${r.environment}, issuer ${r.issuer})`)
      : [],
  );
  if (foreign.length === 0 || force) return;
  throw usageError(
    `The export names endpoints that are not on their session's issuer origin: ${foreign.join('; ')}. Nothing was imported.`,
    "A refresh token sent there goes to another server. If that server really is the issuer's, import again with --force.",
  );
}

function described(r: CredentialRecord): ImportedRecord {
  if (r.kind === 'static') return { kind: r.kind };
  if (r.kind === 'client') return { kind: r.kind, issuer: r.issuer, clientId: r.clientId };
  return {
    kind: r.kind,
    issuer: r.issuer,
    clientId: r.clientId,
    tokenEndpoint: r.tokenEndpoint,
    ...(r.revocationEndpoint ? { revocationEndpoint: r.revocationEndpoint } : {}),
  };
}

/** An export is a few KB; anything past this is not one. */
const MAX_EXPORT_BYTES = 4 * 1024 * 1024;

/**
 * The file's size is checked before a byte is read, and no more than the limit is ever read:
 * a 300 MB file took 1.3 s and 370 MB of memory to refuse, and a pipe or device that never
 * ends (a FIFO, /dev/zero) reports no size at all.
 */
function readExport(file: string): string {
  const cannot = (e: unknown) =>
    usageError(
      `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`,
      "Point --file at a file written by 'tokenrelay auth export'.",
    );
  const tooLarge = (what: string) =>
    usageError(
      `${file} is too large to be an export (${what}).`,
      "Point --file at a file written by 'tokenrelay auth export'.",
    );
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw cannot(e);
  }
  try {
    const { size } = fstatSync(fd);
    if (size > MAX_EXPORT_BYTES) throw tooLarge(`${size} bytes`);
    const buffer = Buffer.alloc(MAX_EXPORT_BYTES + 1);
    let length = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, length, buffer.length - length, null);
      } catch (e) {
        throw cannot(e);
      }
      if (n === 0) break;
      length += n;
      if (length > MAX_EXPORT_BYTES) throw tooLarge(`more than ${MAX_EXPORT_BYTES} bytes`);
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}
