import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { registerSecret } from '../core/secrets.ts';
import type { ResolvedToken } from '../core/token.ts';
import { withFileLock } from './lock.ts';
import {
  ensurePrivateDir,
  isTrustedOrAbsent,
  readTrustedFile,
  removeFile,
  writeFileAtomic,
} from './secure-fs.ts';
import type { Warn } from './types.ts';

/**
 * The minted-token cache: one 0600 JSON file per set of settings that mint (the key is a hash
 * of them, never of a secret), in a 0700 directory. A file this process did not write safely
 * — a link, another owner, a mode others can read or write — is never trusted: it is reported,
 * ignored, and replaced by the next write.
 */
export const CACHE_VERSION = 1;

/** A token minted under this key, kept until the job ends so it can be revoked. */
export interface MintedRecord {
  accessToken: string;
  expiresAt?: string;
  revocationEndpoint?: string;
  method: string;
}

export interface CacheEntry {
  version: typeof CACHE_VERSION;
  /** Who minted, without secrets: the post step revokes only what its own client minted. */
  clientId?: string;
  source: string;
  mintedAt: string;
  token: Omit<ResolvedToken, 'expiresAt' | 'refreshToken' | 'idToken'> & { expiresAt?: string };
  minted: MintedRecord[];
}

const PREFIX = 'token-';

export const entryPath = (dir: string, key: string) => join(dir, `${PREFIX}${key}.json`);
const lockPath = (dir: string, key: string) => join(dir, `${PREFIX}${key}.lock`);

export async function openCacheDir(dir: string, warn: Warn): Promise<void> {
  await ensurePrivateDir(dir, warn);
}

/** The entry for `key`, or undefined when absent, unsafe or unreadable (never an error). */
export function readEntry(dir: string, key: string, warn: Warn): CacheEntry | undefined {
  const raw = readTrustedFile(entryPath(dir, key), warn, 'the cached token');
  return raw === undefined ? undefined : parseEntry(raw);
}

function parseEntry(raw: string): CacheEntry | undefined {
  let v: CacheEntry;
  try {
    v = JSON.parse(raw) as CacheEntry;
  } catch {
    return undefined;
  }
  if (v?.version !== CACHE_VERSION || typeof v.token?.accessToken !== 'string') return undefined;
  const minted = Array.isArray(v.minted) ? v.minted.filter((m) => typeof m?.accessToken === 'string') : [];
  // Secrets the moment they enter the process, as everywhere else.
  registerSecret(v.token.accessToken);
  for (const m of minted) registerSecret(m.accessToken);
  return { ...v, minted };
}

/** Replaces the entry atomically; whatever was there (an unsafe file, a link) is removed first. */
export async function writeEntry(dir: string, key: string, entry: CacheEntry): Promise<void> {
  const path = entryPath(dir, key);
  if (!isTrustedOrAbsent(path)) await removeFile(path);
  await writeFileAtomic(path, `${JSON.stringify(entry)}\n`);
}

/** One minting per key at a time, across processes (background jobs in one CI step). */
export function withEntryLock<T>(dir: string, key: string, fn: () => Promise<T>): Promise<T> {
  return withFileLock(lockPath(dir, key), fn, { timeoutMs: 60_000 });
}

/** Every readable entry, with its key: what the post step revokes and deletes. */
export function listEntries(dir: string, warn: Warn): { key: string; entry: CacheEntry }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: { key: string; entry: CacheEntry }[] = [];
  for (const name of names) {
    const m = /^token-([0-9a-f]+)\.json$/.exec(name);
    if (!m) continue;
    const entry = readEntry(dir, m[1]!, warn);
    if (entry) out.push({ key: m[1]!, entry });
  }
  return out;
}

export async function removeEntry(dir: string, key: string): Promise<void> {
  await removeFile(entryPath(dir, key));
}
