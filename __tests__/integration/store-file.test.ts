import { chmod, link, lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenRelayError } from '../../src/core/errors.ts';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { FileStore } from '../../src/store/file-store.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { collectWarnings, oauthRecord, staticRecord, tempRoot } from './store-fixtures.ts';

const PROD = 'https://api.example.test';
const DEV = 'https://dev.api.example.test/v2';

let t: Awaited<ReturnType<typeof tempRoot>>;
let w: ReturnType<typeof collectWarnings>;
let store: FileStore;
beforeEach(async () => {
  t = await tempRoot();
  w = collectWarnings();
  store = new FileStore({ dir: t.config, warn: w.warn });
});
afterEach(() => t.cleanup());

const mode = async (p: string) => (await stat(p)).mode & 0o777;

/** Rejected with a storage error (exit 6). */
async function storageFailure(p: Promise<unknown>): Promise<TokenRelayError> {
  const e = await rejection(p);
  expect(e.exitCode).toBe(6);
  return e;
}

describe('file store', () => {
  it('creates credentials.json 0600 in a 0700 directory and reads records back', async () => {
    const record = oauthRecord(PROD);
    await store.put(record);
    expect(await mode(t.config)).toBe(0o700);
    expect(await mode(store.path)).toBe(0o600);
    expect(await store.get(PROD, 'oauth')).toEqual(record);
    const onDisk = JSON.parse(await readFile(store.path, 'utf8'));
    expect(onDisk).toEqual({ version: 1, credentials: { [PROD]: { oauth: record } } });
    expect(store.backend).toBe('file');
    expect(store.location).toBe(store.path);
    expect(w.messages).toEqual([]);
  });

  it('registers every secret it reads back', async () => {
    const record = oauthRecord(PROD);
    const pat = staticRecord(DEV);
    await store.put(record);
    await store.put(pat);
    resetSecretsForTest();
    await store.get(PROD, 'oauth');
    expect(isSecret(record.accessToken)).toBe(true);
    expect(isSecret(record.refreshToken!)).toBe(true);
    expect(isSecret(record.idToken!)).toBe(true);
    // Reading the file reads every record in it; all of them are secrets from then on.
    expect(isSecret(pat.token)).toBe(true);
  });

  it('keeps environments and kinds side by side', async () => {
    const prodSession = oauthRecord(PROD);
    const prodPat = staticRecord(PROD);
    const devSession = oauthRecord(DEV);
    await store.put(prodSession);
    await store.put(prodPat);
    await store.put(devSession);
    expect(await store.get(PROD, 'oauth')).toEqual(prodSession);
    expect(await store.get(PROD, 'static')).toEqual(prodPat);
    expect(await store.get(DEV, 'oauth')).toEqual(devSession);
    expect(await store.get(DEV, 'static')).toBeUndefined();
    expect((await store.list()).map((r) => `${r.kind} ${r.environment}`)).toEqual([
      `static ${PROD}`,
      `oauth ${PROD}`,
      `oauth ${DEV}`,
    ]);

    expect(await store.delete(PROD, 'oauth')).toBe(true);
    expect(await store.delete(PROD, 'oauth')).toBe(false);
    expect(await store.get(PROD, 'static')).toEqual(prodPat);
    expect(await store.get(DEV, 'oauth')).toEqual(devSession);
    await store.delete(PROD, 'static');
    await store.delete(DEV, 'oauth');
    // Logging out of everything leaves no credentials file behind.
    await expect(stat(store.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('normalises the environment key', async () => {
    const record = staticRecord('HTTPS://API.Example.TEST:443/');
    await store.put(record);
    expect((await store.get('https://api.example.test', 'static'))?.token).toBe(record.token);
    expect((await store.list())[0]?.environment).toBe('https://api.example.test');
  });

  it('replaces the file atomically: a new inode each write, readers never see a partial file', async () => {
    await store.put(oauthRecord(PROD));
    const before = (await stat(store.path)).ino;
    // Held by a second name, so ext4 cannot hand the same inode number to a later write.
    await link(store.path, join(t.root, 'first-write'));
    const writes = Array.from({ length: 30 }, (_, i) =>
      store.put(oauthRecord(PROD, { scope: 'x'.repeat(2000 + i * 97) })),
    );
    const reads = Array.from({ length: 60 }, async () => {
      const raw = await readFile(store.path, 'utf8');
      expect(() => JSON.parse(raw)).not.toThrow();
    });
    await Promise.all([...writes, ...reads]);
    expect((await stat(store.path)).ino).not.toBe(before);
    expect((await readdir(t.config)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(await mode(store.path)).toBe(0o600);
  });

  it('refuses a symlinked credentials file and leaves its target untouched', async () => {
    await mkdir(t.config, { mode: 0o700 });
    const target = join(t.root, 'target.json');
    await writeFile(target, 'do not touch\n');
    await symlink(target, store.path);

    const e = await storageFailure(store.put(staticRecord(PROD)));
    expect(e.message).toContain(`${store.path} is a symbolic link`);
    await storageFailure(store.get(PROD, 'static'));
    expect(await readFile(target, 'utf8')).toBe('do not touch\n');
    expect((await lstat(store.path)).isSymbolicLink()).toBe(true);
  });

  it('refuses a symlinked config directory and writes nothing into its target', async () => {
    const elsewhere = join(t.root, 'elsewhere');
    await mkdir(elsewhere, { mode: 0o700 });
    await symlink(elsewhere, t.config);
    const e = await storageFailure(store.put(staticRecord(PROD)));
    expect(e.message).toContain(t.config);
    expect(e.hint).toContain('TOKENRELAY_CONFIG_DIR');
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('tightens a credentials file and directory that are too open, and says so', async () => {
    await store.put(staticRecord(PROD));
    await chmod(store.path, 0o644);
    await chmod(t.config, 0o755);
    expect(await store.get(PROD, 'static')).toBeDefined();
    expect(await mode(store.path)).toBe(0o600);
    expect(await mode(t.config)).toBe(0o700);
    expect(w.messages).toEqual([
      expect.stringContaining(`${t.config} was accessible to other users (mode 755); changed it to 700.`),
      expect.stringContaining(`${store.path} was readable by other users (mode 644); changed it to 600.`),
    ]);
  });

  it('moves a truncated file aside, fails with exit 6 and the recovery step, and logout still works', async () => {
    await store.put(oauthRecord(PROD));
    const full = await readFile(store.path, 'utf8');
    await writeFile(store.path, full.slice(0, full.length / 2));

    const e = await storageFailure(store.get(PROD, 'oauth'));
    const backups = (await readdir(t.config)).filter((f) => f.startsWith('credentials.json.corrupt-'));
    expect(backups).toHaveLength(1);
    const backup = join(t.config, backups[0]!);
    expect(e.message).toBe(`${store.path} was not valid JSON; it was moved to ${backup}.`);
    expect(e.describe()).toContain("Run 'tokenrelay auth login' again.");
    expect(await readFile(backup, 'utf8')).toBe(full.slice(0, full.length / 2));
    expect(await mode(backup)).toBe(0o600);
    expect(await store.get(PROD, 'oauth')).toBeUndefined();

    // Logout on a corrupt file: backs it up and proceeds.
    await writeFile(store.path, '{"version": 1, "credentials": {');
    await expect(store.delete(PROD, 'oauth')).resolves.toBe(false);
    expect(w.messages.at(-1)).toMatch(/was not valid JSON; it was moved to .*credentials\.json\.corrupt-/);
    expect((await readdir(t.config)).filter((f) => f.startsWith('credentials.json.corrupt-'))).toHaveLength(
      2,
    );

    // Login on a corrupt file: the same, and the new record is saved.
    await writeFile(store.path, 'garbage');
    const fresh = staticRecord(PROD);
    await store.put(fresh);
    expect(await store.get(PROD, 'static')).toEqual(fresh);
  });

  it('does not move a file written by a newer version', async () => {
    await mkdir(t.config, { mode: 0o700 });
    await writeFile(store.path, JSON.stringify({ version: 2, credentials: {} }), { mode: 0o600 });
    const e = await storageFailure(store.get(PROD, 'oauth'));
    expect(e.message).toContain('newer tokenrelay');
    expect(await readdir(t.config)).toEqual(['credentials.json']);
  });

  it('reports an incomplete record by environment and kind; list skips it with a warning', async () => {
    const good = staticRecord(DEV);
    await store.put(good);
    const document = JSON.parse(await readFile(store.path, 'utf8'));
    document.credentials[PROD] = { oauth: { kind: 'oauth', environment: PROD, savedAt: 'now' } };
    await writeFile(store.path, JSON.stringify(document));
    const e = await storageFailure(store.get(PROD, 'oauth'));
    expect(e.message).toContain(`oauth credentials for ${PROD}`);
    expect(e.message).toContain('"accessToken" is missing');
    expect(await store.list()).toEqual([good]);
    expect(w.messages).toEqual([expect.stringContaining('"accessToken" is missing')]);
  });

  it('leaves no trace on a machine that never logged in', async () => {
    expect(await store.get(PROD, 'oauth')).toBeUndefined();
    expect(await store.list()).toEqual([]);
    expect(await store.delete(PROD, 'oauth')).toBe(false);
    await expect(stat(t.config)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('announces a keychain fallback once, on the first write only, when a login asks it to', async () => {
    const quiet = new FileStore({ dir: t.config, warn: w.warn, fallbackReason: 'no D-Bus session' });
    await quiet.put(oauthRecord('https://quiet.example.test')); // a refresh rewriting the session: no choice made, nothing said
    expect(w.messages).toEqual([]);
    const fallback = new FileStore({
      dir: t.config,
      warn: w.warn,
      fallbackReason: 'no D-Bus session',
      announceFallback: true,
    });
    expect(await fallback.get(PROD, 'oauth')).toBeUndefined();
    expect(w.messages).toEqual([]);
    await fallback.put(oauthRecord(PROD));
    await fallback.put(staticRecord(PROD));
    expect(w.messages).toEqual([
      expect.stringMatching(
        /^No OS keychain available \(no D-Bus session\); storing credentials in .*credentials\.json \(0600\)\.$/,
      ),
    ]);
  });

  it('does not let a caller change what is stored by mutating a record', async () => {
    const record = oauthRecord(PROD);
    await store.put(record);
    const read = await store.get(PROD, 'oauth');
    read!.accessToken = 'mutated-token';
    record.accessToken = 'mutated-again';
    expect((await store.get(PROD, 'oauth'))?.accessToken).not.toMatch(/^mutated/);
  });
});
