import { storageError } from '../core/errors.ts';
import { checkRecord, isCredentialKind } from './records.ts';
import type { CredentialKind, CredentialRecord } from './types.ts';

/**
 * credentials.json, version 1:
 *   { "version": 1, "credentials": { "<environment>": { "static"?: {...}, "oauth"?: {...}, "client"?: {...} } } }
 * Each record is stored whole (see types.ts); the environment and kind are repeated inside it
 * so a record copied out of the file still says what it is.
 */
export const FORMAT_VERSION = 1;

export type Entries = Partial<Record<CredentialKind, unknown>>;

export interface CredentialsDocument {
  version: typeof FORMAT_VERSION;
  credentials: Record<string, Entries>;
}

export const emptyDocument = (): CredentialsDocument => ({ version: FORMAT_VERSION, credentials: {} });

export type Parsed = { document: CredentialsDocument } | { corrupt: string };

/** A newer format is not "corrupt": it must not be moved aside, and upgrading is the fix. */
export function parseDocument(raw: string, path: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { corrupt: 'was not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { corrupt: 'is not an object' };
  const v = value as Record<string, unknown>;
  if (typeof v.version === 'number' && v.version > FORMAT_VERSION) {
    throw storageError(
      `${path} was written by a newer tokenrelay (format version ${v.version}).`,
      'Upgrade tokenrelay, or set TOKENRELAY_CONFIG_DIR to another directory.',
    );
  }
  if (v.version !== FORMAT_VERSION) return { corrupt: 'has no known format version' };
  const credentials = v.credentials;
  if (typeof credentials !== 'object' || credentials === null || Array.isArray(credentials)) {
    return { corrupt: 'has no "credentials" object' };
  }
  const out: Record<string, Entries> = {};
  for (const [environment, entries] of Object.entries(credentials as Record<string, unknown>)) {
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) continue;
    const kept: Entries = {};
    for (const [kind, record] of Object.entries(entries as Record<string, unknown>)) {
      if (!isCredentialKind(kind)) continue;
      // Registers the record's secrets whether or not it is complete.
      checkRecord(record, environment, kind);
      kept[kind] = record;
    }
    out[environment] = kept;
  }
  return { document: { version: FORMAT_VERSION, credentials: out } };
}

/** The record stored for (environment, kind), or why it cannot be used. */
export function recordAt(
  document: CredentialsDocument,
  environment: string,
  kind: CredentialKind,
): CredentialRecord | undefined | { problem: string } {
  const value = document.credentials[environment]?.[kind];
  if (value === undefined) return undefined;
  const checked = checkRecord(value, environment, kind);
  return 'record' in checked ? checked.record : checked;
}

export function serialiseDocument(document: CredentialsDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
