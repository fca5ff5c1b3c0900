import type { KeyringClient } from './keyring-client.ts';

/**
 * Splits long values over several keychain entries. Windows Credential Manager caps one secret
 * at 2560 bytes (stored as UTF-16, so 1280 characters); an OAuth session with a JWT access
 * token and an ID token is often longer. The main entry then holds `{"tokenrelayChunks":N}` and
 * the parts live at `<account>#1` … `<account>#N`.
 */
export function defaultChunkSize(platform: NodeJS.Platform): number {
  return platform === 'win32' ? 1000 : Number.POSITIVE_INFINITY;
}

const MARKER = 'tokenrelayChunks';
const part = (account: string, i: number) => `${account}#${i}`;

function chunkCount(main: string | undefined): number {
  if (!main?.includes(MARKER)) return 0;
  try {
    const n = (JSON.parse(main) as Record<string, unknown>)[MARKER];
    return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

export async function readValue(client: KeyringClient, account: string): Promise<string | undefined> {
  const main = await client.get(account);
  const n = chunkCount(main);
  if (n === 0) return main;
  const parts: string[] = [];
  for (let i = 1; i <= n; i++) {
    const p = await client.get(part(account, i));
    if (p === undefined) throw new Error(`part ${i} of ${n} of the entry ${account} is missing`);
    parts.push(p);
  }
  return parts.join('');
}

/** Parts first, main entry last: a reader never finds a manifest whose parts are not there yet. */
export async function writeValue(
  client: KeyringClient,
  account: string,
  value: string,
  chunkSize: number,
): Promise<void> {
  const before = chunkCount(await client.get(account));
  if (value.length <= chunkSize) {
    await client.set(account, value);
  } else {
    const n = Math.ceil(value.length / chunkSize);
    for (let i = 1; i <= n; i++) {
      await client.set(part(account, i), value.slice((i - 1) * chunkSize, i * chunkSize));
    }
    await client.set(account, JSON.stringify({ [MARKER]: n }));
    for (let i = n + 1; i <= before; i++) await client.delete(part(account, i));
    return;
  }
  for (let i = 1; i <= before; i++) await client.delete(part(account, i));
}

export async function deleteValue(client: KeyringClient, account: string): Promise<boolean> {
  const n = chunkCount(await client.get(account));
  const removed = await client.delete(account);
  for (let i = 1; i <= n; i++) await client.delete(part(account, i));
  return removed;
}
