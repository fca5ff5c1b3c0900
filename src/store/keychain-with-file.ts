import type { FileStore } from './file-store.ts';
import type { KeychainStore } from './keychain-store.ts';
import { compareRecords } from './records.ts';
import type { CredentialKind, CredentialRecord, CredentialStore, RecordOfKind } from './types.ts';

/**
 * The keychain, still reading credentials.json: a login made with --insecure-storage (or while
 * no keychain was reachable) keeps working once the keychain is back, logout removes the
 * record wherever it is, and the next save moves it into the keychain and out of the file.
 */
export class KeychainWithFileStore implements CredentialStore {
  readonly backend = 'keychain' as const;
  readonly location: string;
  readonly #keychain: KeychainStore;
  readonly #file: FileStore;

  constructor(keychain: KeychainStore, file: FileStore) {
    this.#keychain = keychain;
    this.#file = file;
    this.location = keychain.location;
  }

  async get<K extends CredentialKind>(environment: string, kind: K): Promise<RecordOfKind<K> | undefined> {
    return (await this.#keychain.get(environment, kind)) ?? (await this.#file.get(environment, kind));
  }

  async put(record: CredentialRecord): Promise<void> {
    await this.#keychain.put(record);
    await this.#file.delete(record.environment, record.kind);
  }

  async delete(environment: string, kind: CredentialKind): Promise<boolean> {
    const fromKeychain = await this.#keychain.delete(environment, kind);
    const fromFile = await this.#file.delete(environment, kind);
    return fromKeychain || fromFile;
  }

  async list(): Promise<CredentialRecord[]> {
    const records = await this.#keychain.list();
    const seen = new Set(records.map((r) => `${r.kind}:${r.environment}`));
    for (const r of await this.#file.list()) if (!seen.has(`${r.kind}:${r.environment}`)) records.push(r);
    return records.sort(compareRecords);
  }

  withLock<T>(environment: string, fn: () => Promise<T>): Promise<T> {
    return this.#keychain.withLock(environment, fn);
  }
}
