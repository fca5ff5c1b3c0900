export { normaliseEnvironment } from './environment.ts';
export { FileStore, type FileStoreOptions } from './file-store.ts';
export { KeychainStore, type KeychainStoreOptions, keychainAccount } from './keychain-store.ts';
export { KEYCHAIN_SERVICE, type KeyringClient, openKeyring } from './keyring-client.ts';
export { LOCK_DEFAULTS, type LockOptions, withFileLock } from './lock.ts';
export { MemoryStore } from './memory-store.ts';
export { type OpenStoreOptions, openStore } from './open-store.ts';
export { configDir, credentialsPath } from './paths.ts';
export type * from './types.ts';
