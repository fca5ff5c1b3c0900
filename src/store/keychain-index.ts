import { withSharedFileLock } from './environment-lock.ts';
import type { LockOptions } from './lock.ts';
import { keychainIndexPath } from './paths.ts';
import { isCredentialKind } from './records.ts';
import { readPrivateFile, removeFile, writeFileAtomic } from './secure-fs.ts';
import type { CredentialKind, Warn } from './types.ts';

/**
 * Which (environment, kind) pairs are in the keychain — no secrets. Needed because keychains
 * cannot be listed portably (the library's search behaves differently per platform and cannot
 * be pinned to the Secret Service), while `auth status` must show every environment.
 * One entry per record rather than one entry for everything: a single big entry would exceed
 * Windows' size cap sooner, and two environments refreshed at once would rewrite each other.
 *
 *   { "version": 1, "entries": { "<environment>": ["static", "oauth"] } }
 */
const FILE = 'keychain-index.json';

export type KeychainIndex = Map<string, CredentialKind[]>;

export async function readIndex(dir: string, warn: Warn): Promise<KeychainIndex> {
  const raw = await readPrivateFile(keychainIndexPath(dir), warn);
  if (raw === undefined) return new Map();
  const index = parseIndex(raw);
  if (index) return index;
  warn(
    `${keychainIndexPath(dir)} is not valid; 'tokenrelay auth status' may miss environments until you log in to them again.`,
  );
  return new Map();
}

/**
 * Whether the index says (environment, kind) is not in the keychain, so a read can skip a
 * Secret Service lookup (several ms each) that would miss. False when there is no valid index
 * to ask: then only the keychain itself can say.
 */
export async function indexedAbsent(
  dir: string,
  warn: Warn,
  environment: string,
  kind: CredentialKind,
): Promise<boolean> {
  const raw = await readPrivateFile(keychainIndexPath(dir), warn);
  const index = raw === undefined ? undefined : parseIndex(raw);
  return index !== undefined && !index.get(environment)?.includes(kind);
}

function parseIndex(raw: string): KeychainIndex | undefined {
  const index: KeychainIndex = new Map();
  try {
    const value = JSON.parse(raw) as { version?: unknown; entries?: Record<string, unknown> };
    if (value.version !== 1 || typeof value.entries !== 'object' || value.entries === null) return undefined;
    for (const [environment, kinds] of Object.entries(value.entries)) {
      if (Array.isArray(kinds)) index.set(environment, kinds.filter(isCredentialKind));
    }
  } catch {
    return undefined;
  }
  return index;
}

export async function updateIndex(
  dir: string,
  warn: Warn,
  environment: string,
  kind: CredentialKind,
  present: boolean,
  lock?: LockOptions,
): Promise<void> {
  await withSharedFileLock(
    dir,
    FILE,
    async () => {
      const index = await readIndex(dir, warn);
      const kinds = new Set(index.get(environment) ?? []);
      if (kinds.has(kind) === present) return;
      if (present) kinds.add(kind);
      else kinds.delete(kind);
      if (kinds.size > 0) index.set(environment, [...kinds].sort());
      else index.delete(environment);
      if (index.size === 0) return removeFile(keychainIndexPath(dir));
      const entries = Object.fromEntries([...index].sort(([a], [b]) => (a < b ? -1 : 1)));
      await writeFileAtomic(keychainIndexPath(dir), `${JSON.stringify({ version: 1, entries }, null, 2)}\n`);
    },
    warn,
    lock,
  );
}
