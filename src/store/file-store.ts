import { normaliseEnvironment } from '../core/environment.ts';
import { storageError } from '../core/errors.ts';
import {
  type CredentialsDocument,
  emptyDocument,
  parseDocument,
  recordAt,
  serialiseDocument,
} from './credentials-document.ts';
import { withEnvironmentLock, withSharedFileLock } from './environment-lock.ts';
import type { LockOptions } from './lock.ts';
import { credentialsPath, tildePath } from './paths.ts';
import { cloneRecord, compareRecords } from './records.ts';
import { inspectPrivateDir, moveAside, readPrivateFile, removeFile, writeFileAtomic } from './secure-fs.ts';
import type {
  CredentialKind,
  CredentialRecord,
  CredentialStore,
  KeychainOutOfReach,
  RecordOfKind,
  Warn,
} from './types.ts';

export interface FileStoreOptions {
  /** The config directory (`configDir(env)`). */
  dir: string;
  warn: Warn;
  lock?: LockOptions;
  /** Why the keychain is not used; `auth status` shows it, and a login says it (`announceFallback`). */
  fallbackReason?: string;
  /**
   * Say the fallback before the first secret is written: a person logging in or importing
   * chooses where credentials live. A refresh rewriting a session is no such choice, and a
   * cron job saying it on every run mails it every time.
   */
  announceFallback?: boolean;
  /** What the unreachable keychain holds, per its index. */
  keychainOutOfReach?: KeychainOutOfReach;
}

/** What to do with a file that cannot be parsed: reads stop; writes (login, logout) carry on. */
type OnCorrupt = 'throw' | 'replace';

const FILE = 'credentials.json';

/**
 * credentials.json in the config directory: 0600 in a 0700 directory, replaced atomically,
 * read fresh on every call because other processes write it too.
 */
export class FileStore implements CredentialStore {
  readonly backend = 'file' as const;
  readonly location: string;
  readonly path: string;
  readonly #dir: string;
  readonly #warn: Warn;
  readonly #lock: LockOptions | undefined;
  readonly fallbackReason: string | undefined;
  readonly #announce: boolean;
  readonly keychainOutOfReach: KeychainOutOfReach | undefined;
  #noticeGiven = false;

  constructor(options: FileStoreOptions) {
    this.#dir = options.dir;
    this.#warn = options.warn;
    this.#lock = options.lock;
    this.path = credentialsPath(options.dir);
    this.location = this.path;
    this.fallbackReason = options.fallbackReason;
    this.#announce = options.announceFallback ?? false;
    this.keychainOutOfReach = options.keychainOutOfReach;
  }

  async get<K extends CredentialKind>(environment: string, kind: K): Promise<RecordOfKind<K> | undefined> {
    const env = normaliseEnvironment(environment);
    const found = recordAt(await this.#read('throw'), env, kind);
    if (found === undefined) return undefined;
    if ('problem' in found) throw this.#incomplete(env, kind, found.problem);
    // parseDocument registered the secrets of every record in the file as it read them.
    return cloneRecord(found) as RecordOfKind<K>;
  }

  async put(record: CredentialRecord): Promise<void> {
    const saved = cloneRecord({ ...record, environment: normaliseEnvironment(record.environment) });
    if (this.fallbackReason && this.#announce && !this.#noticeGiven) {
      this.#noticeGiven = true;
      this.#warn(
        `No OS keychain available (${this.fallbackReason}); storing credentials in ${tildePath(this.path)} (0600).`,
      );
    }
    await this.#update((document) => {
      document.credentials[saved.environment] = {
        ...document.credentials[saved.environment],
        [saved.kind]: saved,
      };
      return true;
    });
  }

  async delete(environment: string, kind: CredentialKind): Promise<boolean> {
    const env = normaliseEnvironment(environment);
    // Nothing to delete and nothing to create: logout on a machine that never logged in.
    if (!(await inspectPrivateDir(this.#dir, this.#warn))) return false;
    let removed = false;
    await this.#update((document) => {
      const entries = document.credentials[env];
      if (entries?.[kind] === undefined) return false;
      delete entries[kind];
      if (Object.keys(entries).length === 0) delete document.credentials[env];
      removed = true;
      return true;
    });
    return removed;
  }

  async list(): Promise<CredentialRecord[]> {
    const document = await this.#read('throw');
    const records: CredentialRecord[] = [];
    for (const [environment, entries] of Object.entries(document.credentials)) {
      for (const kind of Object.keys(entries) as CredentialKind[]) {
        const found = recordAt(document, environment, kind);
        if (found === undefined) continue;
        if ('problem' in found) {
          this.#warn(this.#incomplete(environment, kind, found.problem).describe());
          continue;
        }
        records.push(cloneRecord(found));
      }
    }
    return records.sort(compareRecords);
  }

  withLock<T>(environment: string, fn: () => Promise<T>): Promise<T> {
    return withEnvironmentLock(this.#dir, normaliseEnvironment(environment), fn, this.#warn, this.#lock);
  }

  /** Read-modify-write under the file lock; `change` returns whether it changed anything. */
  async #update(change: (document: CredentialsDocument) => boolean): Promise<void> {
    // The shared-file lock creates the private directory before taking the lock.
    await withSharedFileLock(
      this.#dir,
      FILE,
      async () => {
        const document = await this.#read('replace');
        if (!change(document)) return;
        if (Object.keys(document.credentials).length === 0) await removeFile(this.path);
        else await writeFileAtomic(this.path, serialiseDocument(document));
      },
      this.#warn,
      this.#lock,
    );
  }

  async #read(onCorrupt: OnCorrupt): Promise<CredentialsDocument> {
    if (!(await inspectPrivateDir(this.#dir, this.#warn))) return emptyDocument();
    const raw = await readPrivateFile(this.path, this.#warn);
    if (raw === undefined) return emptyDocument();
    const parsed = parseDocument(raw, this.path);
    if ('document' in parsed) return parsed.document;
    const backup = await moveAside(this.path, 'corrupt');
    const what = `${this.path} ${parsed.corrupt}; it was moved to ${backup}.`;
    if (onCorrupt === 'throw') throw storageError(what, "Run 'tokenrelay auth login' again.");
    this.#warn(`${what} Starting a new credentials file.`);
    return emptyDocument();
  }

  #incomplete(environment: string, kind: CredentialKind, problem: string) {
    return storageError(
      `The stored ${kind} credentials for ${environment} in ${this.path} are unusable (${problem}).`,
      `Run 'tokenrelay auth login' again for ${environment}.`,
    );
  }
}
