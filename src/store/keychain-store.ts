import { normaliseEnvironment } from '../core/environment.ts';
import { isTokenRelayError, storageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { withEnvironmentLock } from './environment-lock.ts';
import { defaultChunkSize, deleteValue, readValue, writeValue } from './keychain-chunks.ts';
import { indexedAbsent, readIndex, updateIndex } from './keychain-index.ts';
import { KEYCHAIN_SERVICE, type KeyringClient } from './keyring-client.ts';
import type { LockOptions } from './lock.ts';
import { credentialsPath } from './paths.ts';
import { checkRecord, cloneRecord, compareRecords } from './records.ts';
import type { CredentialKind, CredentialRecord, CredentialStore, RecordOfKind, Warn } from './types.ts';

export interface KeychainStoreOptions {
  client: KeyringClient;
  /** The config directory: the index and the locks live there. */
  dir: string;
  warn: Warn;
  /** Longest value one entry may hold; longer ones are split. Defaults per platform. */
  chunkSize?: number;
  lock?: LockOptions;
}

/** Service "tokenrelay", account "<kind>:<environment>", value the record as JSON. */
export const keychainAccount = (kind: CredentialKind, environment: string) => `${kind}:${environment}`;

export class KeychainStore implements CredentialStore {
  readonly backend = 'keychain' as const;
  readonly location: string;
  readonly #client: KeyringClient;
  readonly #dir: string;
  readonly #warn: Warn;
  readonly #chunkSize: number;
  readonly #lock: LockOptions | undefined;

  constructor(options: KeychainStoreOptions) {
    this.#client = options.client;
    this.#dir = options.dir;
    this.#warn = options.warn;
    this.#chunkSize = options.chunkSize ?? defaultChunkSize(process.platform);
    this.#lock = options.lock;
    this.location = `${options.client.description}, service "${KEYCHAIN_SERVICE}"`;
  }

  async get<K extends CredentialKind>(environment: string, kind: K): Promise<RecordOfKind<K> | undefined> {
    const env = normaliseEnvironment(environment);
    // Every save and delete updates the index (after the keychain), so a kind it lacks is a
    // lookup that would miss: the stored-token source asks for one before each session read.
    if (await indexedAbsent(this.#dir, this.#warn, env, kind)) return undefined;
    return this.#fetch(env, kind);
  }

  /** The keychain lookup itself, for an already normalised environment. */
  async #fetch<K extends CredentialKind>(env: string, kind: K): Promise<RecordOfKind<K> | undefined> {
    const account = keychainAccount(kind, env);
    const raw = await this.#call('read', account, () => readValue(this.#client, account));
    if (raw === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      registerSecret(raw); // unparseable, but it may still be a token
      throw this.#unusable(account, 'not valid JSON');
    }
    const checked = checkRecord(value, env, kind);
    if ('problem' in checked) throw this.#unusable(account, checked.problem);
    return cloneRecord(checked.record) as RecordOfKind<K>;
  }

  async put(record: CredentialRecord): Promise<void> {
    const saved = { ...record, environment: normaliseEnvironment(record.environment) };
    const account = keychainAccount(saved.kind, saved.environment);
    await this.#call('save', account, () =>
      writeValue(this.#client, account, JSON.stringify(saved), this.#chunkSize),
    );
    await updateIndex(this.#dir, this.#warn, saved.environment, saved.kind, true, this.#lock);
  }

  async delete(environment: string, kind: CredentialKind): Promise<boolean> {
    const env = normaliseEnvironment(environment);
    const account = keychainAccount(kind, env);
    const removed = await this.#call('delete', account, () => deleteValue(this.#client, account));
    await updateIndex(this.#dir, this.#warn, env, kind, false, this.#lock);
    return removed;
  }

  async list(): Promise<CredentialRecord[]> {
    const records: CredentialRecord[] = [];
    // Entries come from the index itself, so each is looked up without reading it again.
    for (const [environment, kinds] of await readIndex(this.#dir, this.#warn)) {
      for (const kind of kinds) {
        try {
          const record = await this.#fetch(normaliseEnvironment(environment), kind);
          if (record) records.push(record);
        } catch (e) {
          // One broken entry must not hide the others from `auth status`.
          this.#warn(isTokenRelayError(e) ? e.describe() : String(e));
        }
      }
    }
    return records.sort(compareRecords);
  }

  withLock<T>(environment: string, fn: () => Promise<T>): Promise<T> {
    return withEnvironmentLock(this.#dir, normaliseEnvironment(environment), fn, this.#warn, this.#lock);
  }

  async #call<T>(action: string, account: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw storageError(
        `Could not ${action} "${account}" in the ${this.#client.description}: ${why}.`,
        `Unlock the keychain and try again, or pass --insecure-storage to keep credentials in ${credentialsPath(this.#dir)} (0600) instead.`,
      );
    }
  }

  #unusable(account: string, problem: string) {
    return storageError(
      `The ${this.#client.description} entry "${account}" (service "${KEYCHAIN_SERVICE}") is unusable (${problem}).`,
      "Run 'tokenrelay auth login' again; it replaces the entry.",
    );
  }
}
