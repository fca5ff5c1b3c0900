import { registerSecret } from '../core/secrets.ts';
import { CREDENTIAL_KINDS, type CredentialKind, type CredentialRecord } from './types.ts';

const REQUIRED: Record<CredentialKind, readonly string[]> = {
  static: ['token'],
  oauth: ['accessToken', 'tokenType', 'issuer', 'clientId', 'tokenEndpoint'],
  client: ['issuer', 'clientId'],
};

export function isCredentialKind(value: unknown): value is CredentialKind {
  return typeof value === 'string' && (CREDENTIAL_KINDS as readonly string[]).includes(value);
}

/** Registers every secret a record holds; called on each record the moment it is read. */
export function registerRecordSecrets(record: CredentialRecord): CredentialRecord {
  switch (record.kind) {
    case 'static':
      registerSecret(record.token);
      break;
    case 'oauth':
      registerSecret(record.accessToken);
      registerSecret(record.refreshToken);
      registerSecret(record.idToken);
      break;
    case 'client':
      registerSecret(record.clientSecret);
      break;
  }
  return record;
}

/**
 * Checks a value read back from storage is a record of `kind` for `environment`, and registers
 * its secrets even when it is not (a half-valid record still holds real tokens).
 * Returns a reason when it is unusable.
 */
export function checkRecord(
  value: unknown,
  environment: string,
  kind: CredentialKind,
): { record: CredentialRecord } | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problem: 'not an object' };
  const v = value as Record<string, unknown>;
  for (const field of ['token', 'accessToken', 'refreshToken', 'idToken', 'clientSecret']) {
    if (typeof v[field] === 'string') registerSecret(v[field]);
  }
  if (v.kind !== kind) return { problem: `kind is ${JSON.stringify(v.kind)}, expected "${kind}"` };
  if (v.environment !== environment) return { problem: 'it belongs to another environment' };
  for (const field of ['savedAt', ...REQUIRED[kind]]) {
    if (typeof v[field] !== 'string' || v[field] === '') return { problem: `"${field}" is missing` };
  }
  return { record: value as CredentialRecord };
}

export function compareRecords(a: CredentialRecord, b: CredentialRecord): number {
  if (a.environment !== b.environment) return a.environment < b.environment ? -1 : 1;
  return CREDENTIAL_KINDS.indexOf(a.kind) - CREDENTIAL_KINDS.indexOf(b.kind);
}

/** A copy, so a caller mutating what it got (or put) never changes what is stored. */
export function cloneRecord<T extends CredentialRecord>(record: T): T {
  return structuredClone(record);
}
