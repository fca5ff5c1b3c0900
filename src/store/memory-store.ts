import { normaliseEnvironment } from '../core/environment.ts';
import { cloneRecord, compareRecords, registerRecordSecrets } from './records.ts';
import type { CredentialKind, CredentialRecord, CredentialStore, RecordOfKind } from './types.ts';

/** For tests of other layers: same contract as the real stores, forgotten when the process ends. */
export class MemoryStore implements CredentialStore {
  readonly backend = 'memory' as const;
  readonly location = 'memory (this process only)';
  readonly #records = new Map<string, CredentialRecord>();
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(records: CredentialRecord[] = []) {
    for (const r of records) this.#save(r);
  }

  async get<K extends CredentialKind>(environment: string, kind: K): Promise<RecordOfKind<K> | undefined> {
    const record = this.#records.get(key(normaliseEnvironment(environment), kind));
    return record ? (cloneRecord(registerRecordSecrets(record)) as RecordOfKind<K>) : undefined;
  }

  async put(record: CredentialRecord): Promise<void> {
    this.#save(record);
  }

  #save(record: CredentialRecord): void {
    const saved = cloneRecord({ ...record, environment: normaliseEnvironment(record.environment) });
    this.#records.set(key(saved.environment, saved.kind), saved);
  }

  async delete(environment: string, kind: CredentialKind): Promise<boolean> {
    return this.#records.delete(key(normaliseEnvironment(environment), kind));
  }

  async list(): Promise<CredentialRecord[]> {
    return [...this.#records.values()].map((r) => cloneRecord(registerRecordSecrets(r))).sort(compareRecords);
  }

  /** Same contract as the real stores within one process: callers queue per environment. */
  async withLock<T>(environment: string, fn: () => Promise<T>): Promise<T> {
    const env = normaliseEnvironment(environment);
    const previous = this.#locks.get(env) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.catch(() => {});
    this.#locks.set(env, settled);
    try {
      return await run;
    } finally {
      if (this.#locks.get(env) === settled) this.#locks.delete(env);
    }
  }
}

const key = (environment: string, kind: CredentialKind) => `${kind}:${environment}`;
