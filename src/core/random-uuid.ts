import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Random bytes read from the kernel 16 at a time out of a 256-byte pool: a step writing a
 * dozen file commands (each with its own delimiter) opens /dev/urandom once. Each byte is
 * handed out once; undefined where there is no /dev/urandom.
 */
const POOL_SIZE = 256;
let pool: Buffer | undefined;
let poolUsed = POOL_SIZE;

function randomBytes16(): Buffer | undefined {
  if (!pool || poolUsed + 16 > POOL_SIZE) {
    const fresh = Buffer.alloc(POOL_SIZE);
    try {
      const fd = openSync('/dev/urandom', 'r');
      try {
        for (let n = 0; n < POOL_SIZE; ) n += readSync(fd, fresh, n, POOL_SIZE - n, null);
      } finally {
        closeSync(fd);
      }
    } catch {
      return undefined;
    }
    pool = fresh;
    poolUsed = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolUsed, poolUsed + 16));
  pool.fill(0, poolUsed, poolUsed + 16);
  poolUsed += 16;
  return bytes;
}

/**
 * A random (version 4) UUID, as crypto.randomUUID makes one, for the heredoc delimiters of
 * the runner's file commands. Loading node:crypto costs the Action ~6 ms of start-up on a
 * path that needs nothing else from it, so the 16 bytes come from the kernel's CSPRNG
 * directly — the source node:crypto itself draws on. Where there is no /dev/urandom
 * (Windows), node:crypto it is.
 */
export function randomUuid(): string {
  const bytes = randomBytes16();
  if (!bytes) {
    const crypto: typeof import('node:crypto') = createRequire(import.meta.url)('node:crypto');
    return crypto.randomUUID();
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** 16 random hex characters (a UUID's random nibbles) for file names, without node:crypto. */
export function randomHex(): string {
  const hex = randomUuid().replace(/-/g, '');
  // Skip the fixed version (index 12) and variant (index 16) nibbles.
  return (hex.slice(0, 12) + hex.slice(13, 16) + hex.slice(17)).slice(0, 16);
}
