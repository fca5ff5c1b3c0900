import type { Identity } from '../core/token.ts';

/** Where records live; `auth status` prints it with `CredentialStore.location`. */
export type StoreBackend = 'keychain' | 'file' | 'memory';

/**
 * `static`: a stored API key / PAT (`auth login --with-token`).
 * `oauth`: an interactive session.
 * `client`: a dynamically registered OAuth client, reused by later logins.
 */
export type CredentialKind = 'static' | 'oauth' | 'client';

export const CREDENTIAL_KINDS: readonly CredentialKind[] = ['static', 'oauth', 'client'];

interface RecordBase {
  /** The environment key, as `normaliseEnvironment` returns it. */
  environment: string;
  /** ISO 8601 time the record was written. */
  savedAt: string;
}

export interface StaticRecord extends RecordBase {
  kind: 'static';
  token: string;
  identity?: Identity;
  tenant?: string;
  workspace?: string;
}

export interface OAuthRecord extends RecordBase {
  kind: 'oauth';
  accessToken: string;
  refreshToken?: string;
  /** ISO 8601; absent when the server sent no expiry. */
  expiresAt?: string;
  tokenType: string;
  scope?: string;
  idToken?: string;
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  /**
   * The metadata's `id_token_signing_alg_values_supported` (those jose verifies), kept for
   * refreshing: a refresh sends no discovery request. Absent in sessions saved before.
   */
  idTokenAlgs?: string[];
  identity?: Identity;
  tenant?: string;
  workspace?: string;
}

export interface ClientRecord extends RecordBase {
  kind: 'client';
  issuer: string;
  clientId: string;
  /** Only confidential registrations get one; it is a secret. */
  clientSecret?: string;
  /** ISO 8601, from `client_secret_expires_at` when non-zero. */
  clientSecretExpiresAt?: string;
  redirectUris?: string[];
}

export type CredentialRecord = StaticRecord | OAuthRecord | ClientRecord;

export type RecordOfKind<K extends CredentialKind> = Extract<CredentialRecord, { kind: K }>;

export interface CredentialStore {
  readonly backend: StoreBackend;
  /** Human description: "Secret Service (D-Bus), service \"tokenrelay\"", "/home/me/.config/tokenrelay/credentials.json". */
  readonly location: string;
  /** Set when the file is used only because no OS keychain was usable: why not. */
  readonly fallbackReason?: string;
  /** Set when, besides, the keychain index says the unreachable keychain holds credentials. */
  readonly keychainOutOfReach?: KeychainOutOfReach;
  /** Every secret of the returned record has been passed to `registerSecret`. */
  get<K extends CredentialKind>(environment: string, kind: K): Promise<RecordOfKind<K> | undefined>;
  put(record: CredentialRecord): Promise<void>;
  /** True when something was removed. */
  delete(environment: string, kind: CredentialKind): Promise<boolean>;
  /** Every record, ordered by environment then kind. */
  list(): Promise<CredentialRecord[]>;
  /**
   * Runs `fn` holding the cross-process lock for one environment, so read -> refresh -> write
   * happens once however many commands race. Not re-entrant: do not nest for one environment.
   */
  withLock<T>(environment: string, fn: () => Promise<T>): Promise<T>;
}

export type Warn = (message: string) => void;

/** The keychain cannot be reached, but its index says it holds credentials (keychain-out-of-reach.ts). */
export interface KeychainOutOfReach {
  /** Why the keychain cannot be used, e.g. "no D-Bus session: DBUS_SESSION_BUS_ADDRESS is not set". */
  reason: string;
  /** What the index says the keychain holds: environment -> kinds. */
  entries: ReadonlyMap<string, readonly CredentialKind[]>;
}
