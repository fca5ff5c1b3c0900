import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { collectWarnings, staticRecord, tempRoot } from './store-fixtures.ts';

const ENV = 'https://api.example.test';

let t: Awaited<ReturnType<typeof tempRoot>>;
beforeEach(async () => {
  t = await tempRoot();
});
afterEach(() => t.cleanup());

async function timed<T>(p: Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const value = await p;
  return [value, Date.now() - started];
}

describe('openStore falls back to the file', () => {
  it('when the D-Bus address points at a socket that does not exist', async () => {
    const w = collectWarnings();
    const env = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', TOKENRELAY_CONFIG_DIR: t.config };
    const [store, ms] = await timed(
      openStore({ env, warn: w.warn, interactive: false, announceFallback: true }),
    );
    expect(ms).toBeLessThan(3_000);
    expect(store.backend).toBe('file');
    expect(store.location).toBe(join(t.config, 'credentials.json'));
    expect(store.fallbackReason).toBe('cannot connect to the D-Bus session bus (ENOENT)');
    expect(w.messages).toEqual([]); // reading alone says nothing

    await store.put(staticRecord(ENV));
    await store.put(staticRecord('https://dev.example.test'));
    expect(w.messages).toEqual([
      `No OS keychain available (cannot connect to the D-Bus session bus (ENOENT)); storing credentials in ${join(t.config, 'credentials.json')} (0600).`,
    ]);
    expect(await store.list()).toHaveLength(2);
  });

  it('when there is no D-Bus session at all', async () => {
    const store = await openStore({
      env: { TOKENRELAY_CONFIG_DIR: t.config },
      warn: () => {},
      interactive: false,
    });
    expect(store.backend).toBe('file');
    expect(store.fallbackReason).toContain('DBUS_SESSION_BUS_ADDRESS is not set');
  });

  describe('against a bus that accepts the connection and never answers', () => {
    let server: Server;
    const socket = () => join(t.root, 'hung-bus.sock');
    beforeEach(async () => {
      server = createServer((c) => c.resume()); // reads everything, answers nothing
      await new Promise<void>((r) => server.listen(socket(), r));
    });
    afterEach(() => new Promise<void>((r) => server.close(() => r())));

    it('within the 3 s timeout, without hanging the event loop', async () => {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 100);
      const env = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket()}`, TOKENRELAY_CONFIG_DIR: t.config };
      const [store, ms] = await timed(openStore({ env, warn: () => {}, interactive: false }));
      clearInterval(ticker);
      expect(store.backend).toBe('file');
      expect(store.fallbackReason).toContain('did not answer within 3000 ms');
      expect(ms).toBeGreaterThanOrEqual(2_900);
      expect(ms).toBeLessThan(4_000);
      expect(ticks).toBeGreaterThan(20); // timers kept running: nothing blocked synchronously
    });
  });

  it('when the native keychain module is missing (the CLI bundle copied alone)', async () => {
    const store = await openStore({
      env: { TOKENRELAY_CONFIG_DIR: t.config },
      warn: () => {},
      keyring: {
        platform: 'darwin', // no D-Bus check there: the load is what fails
        load: () => Promise.reject(new Error("Cannot find module '@napi-rs/keyring-darwin-arm64'")),
      },
    });
    expect(store.backend).toBe('file');
    expect(store.fallbackReason).toBe(
      'the native keychain module (@napi-rs/keyring) is not installed beside tokenrelay',
    );
  });

  it('when the native module fails to load for another reason, saying which', async () => {
    const store = await openStore({
      env: { TOKENRELAY_CONFIG_DIR: t.config },
      warn: () => {},
      keyring: {
        platform: 'win32',
        load: () => Promise.reject(new Error('GLIBC_2.38 not found\nmore detail')),
      },
    });
    expect(store.fallbackReason).toBe(
      'the native keychain module could not be loaded (GLIBC_2.38 not found)',
    );
  });

  it('with --insecure-storage, without asking the keychain', async () => {
    let loaded = false;
    const w = collectWarnings();
    const store = await openStore({
      env: { TOKENRELAY_CONFIG_DIR: t.config },
      insecureStorage: true,
      warn: w.warn,
      keyring: {
        platform: 'darwin',
        load: async () => {
          loaded = true;
          throw new Error('not expected');
        },
      },
    });
    expect(store.backend).toBe('file');
    expect(store.fallbackReason).toBeUndefined();
    await store.put(staticRecord(ENV));
    expect(loaded).toBe(false);
    expect(w.messages).toEqual([]); // asked for: nothing to warn about
  });
});
