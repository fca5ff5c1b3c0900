import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenRelayError } from '../../src/core/errors.ts';
import { FileStore } from '../../src/store/file-store.ts';
import { withFileLock } from '../../src/store/lock.ts';
import { environmentLockPath, locksDir } from '../../src/store/paths.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { collectWarnings, tempRoot } from './store-fixtures.ts';

const ENV = 'https://api.example.test';
const child = fileURLToPath(new URL('./store-lock-child.ts', import.meta.url));

let t: Awaited<ReturnType<typeof tempRoot>>;
beforeEach(async () => {
  t = await tempRoot();
});
afterEach(() => t.cleanup());

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

/** A pid that certainly belonged to a process and no longer does. */
function deadPid(): number {
  const p = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(p.stdout);
}

async function writeLock(path: string, holder: object): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  await writeFile(path, JSON.stringify(holder), { mode: 0o600 });
}

/** Rejected with a storage error (exit 6). */
async function failure(p: Promise<unknown>): Promise<TokenRelayError> {
  const e = await rejection(p);
  expect(e.exitCode).toBe(6);
  return e;
}

describe('environment lock', () => {
  it('serialises 20 processes doing read-increment-write on one record', async () => {
    const log = join(t.root, 'critical.log');
    const results = await Promise.all(Array.from({ length: 20 }, () => run([t.config, ENV, log])));
    for (const r of results) expect(r).toEqual({ code: 0, stderr: '' });

    const store = new FileStore({ dir: t.config, warn: () => {} });
    expect((await store.get(ENV, 'static'))?.token).toBe('count-20');
    // Enter and leave strictly alternate, each pair from one process: the sections never overlapped.
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(40);
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]).toMatch(/^enter \d+$/);
      expect(lines[i + 1]).toBe(lines[i]!.replace('enter', 'leave'));
    }
    expect(await readdir(locksDir(t.config))).toEqual([]);
  }, 60_000);

  it('takes over a lock left by a dead process at once', async () => {
    const path = environmentLockPath(t.config, ENV);
    await writeLock(path, { pid: deadPid(), host: hostname(), createdAt: Date.now(), nonce: 'gone' });
    const store = new FileStore({ dir: t.config, warn: () => {} });
    const started = Date.now();
    expect(await store.withLock(ENV, async () => 'ran')).toBe('ran');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await readdir(locksDir(t.config))).toEqual([]);
  });

  it('takes over a lock older than staleMs even when its holder is alive', async () => {
    const path = join(t.root, 'old.lock');
    await writeLock(path, {
      pid: process.pid,
      host: hostname(),
      createdAt: Date.now() - 5_000,
      nonce: 'hung',
    });
    expect(await withFileLock(path, async () => 'ran', { staleMs: 1_000, timeoutMs: 2_000 })).toBe('ran');
  });

  it('takes over an unreadable lock once it is a few seconds old, not before', async () => {
    const fresh = join(t.root, 'fresh.lock');
    await writeLock(fresh, {});
    await writeFile(fresh, '');
    await failure(withFileLock(fresh, async () => 'ran', { timeoutMs: 300 }));
    const old = join(t.root, 'old.lock');
    await writeLock(old, {});
    await writeFile(old, '');
    const then = new Date(Date.now() - 10_000);
    await utimes(old, then, then);
    expect(await withFileLock(old, async () => 'ran', { timeoutMs: 2_000 })).toBe('ran');
  });

  it('times out on a live holder with exit 6, naming the file to remove', async () => {
    const path = environmentLockPath(t.config, ENV);
    await writeLock(path, { pid: process.pid, host: hostname(), createdAt: Date.now(), nonce: 'busy' });
    const store = new FileStore({ dir: t.config, warn: () => {}, lock: { timeoutMs: 300 } });
    let ran = false;
    const e = await failure(
      store.withLock(ENV, async () => {
        ran = true;
      }),
    );
    expect(ran).toBe(false);
    expect(e.message).toContain(
      `waiting for the lock ${path} (held by process ${process.pid} on ${hostname()}`,
    );
    expect(e.hint).toBe(`If no other tokenrelay command is running, remove ${path} and try again.`);
    // Not ours: the lock stays for its holder.
    expect(JSON.parse(await readFile(path, 'utf8')).nonce).toBe('busy');
  });

  it('trusts only age for a lock from another host, whose pid means nothing here', async () => {
    const path = join(t.root, 'nfs.lock');
    await writeLock(path, {
      pid: deadPid(),
      host: `not-${hostname()}`,
      createdAt: Date.now(),
      nonce: 'remote',
    });
    await failure(withFileLock(path, async () => 'ran', { timeoutMs: 300 }));
  });

  it('serialises callers within one process and releases the lock when fn throws', async () => {
    const store = new FileStore({ dir: t.config, warn: collectWarnings().warn });
    const order: string[] = [];
    const section = (name: string) =>
      store.withLock(ENV, async () => {
        order.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 20));
        order.push(`${name}-`);
      });
    await Promise.all([section('a'), section('b'), section('c')]);
    expect(order.join(' ')).toMatch(/^(\w)\+ \1- (\w)\+ \2- (\w)\+ \3-$/);
    await expect(store.withLock(ENV, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await store.withLock(ENV, async () => 'again')).toBe('again');
  });
});
