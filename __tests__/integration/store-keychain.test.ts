/**
 * The keychain store against a real Secret Service (gnome-keyring). Run it inside
 * scripts/with-keyring.sh, which `npm test` does for every test file:
 *   bash scripts/with-keyring.sh npx vitest run __tests__/integration/store-keychain.test.ts
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenRelayError } from '../../src/core/errors.ts';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { FileStore } from '../../src/store/file-store.ts';
import { KeychainStore } from '../../src/store/keychain-store.ts';
import { type KeyringClient, openKeyring } from '../../src/store/keyring-client.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { CredentialStore } from '../../src/store/types.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { collectWarnings, oauthRecord, staticRecord, tempRoot } from './store-fixtures.ts';

/** Fresh environments per run, so a rerun (or a real desktop keyring) never sees old entries. */
const run = randomBytes(4).toString('hex');
const PROD = `https://api-${run}.example.test`;
const DEV = `https://dev-${run}.example.test/v2`;

/** Reads the Secret Service directly, bypassing our code: proves where the value really is. */
function lookup(account: string): string | undefined {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', 'tokenrelay', 'username', account], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined; // secret-tool exits 1 when nothing matches
  }
}

function store(account: string, value: string): void {
  execFileSync('secret-tool', ['store', '--label', account, 'service', 'tokenrelay', 'username', account], {
    input: value,
  });
}

let t: Awaited<ReturnType<typeof tempRoot>>;
let w: ReturnType<typeof collectWarnings>;
let s: CredentialStore;
beforeEach(async () => {
  // In beforeEach, not beforeAll: without a Secret Service every test must fail, not be skipped.
  expect(
    process.env.DBUS_SESSION_BUS_ADDRESS,
    'No D-Bus session: run this file inside scripts/with-keyring.sh (npm test does), e.g. ' +
      'bash scripts/with-keyring.sh npx vitest run __tests__/integration/store-keychain.test.ts',
  ).toBeTruthy();
  t = await tempRoot();
  w = collectWarnings();
  s = await openStore({
    env: { ...process.env, TOKENRELAY_CONFIG_DIR: t.config },
    warn: w.warn,
    interactive: false,
  });
});
afterEach(async () => {
  if (!s) return;
  for (const r of await s.list()) await s.delete(r.environment, r.kind);
  await t.cleanup();
});

async function client(): Promise<KeyringClient> {
  const opened = await openKeyring({ callTimeoutMs: 3_000 });
  if ('unavailable' in opened) throw new Error(`keychain unavailable: ${opened.unavailable}`);
  return opened.client;
}

describe('keychain store on the Secret Service', () => {
  it('is chosen when a Secret Service answers', () => {
    expect(s.backend).toBe('keychain');
    expect(s.location).toBe('Secret Service (D-Bus), service "tokenrelay"');
    expect(s.fallbackReason).toBeUndefined();
  });

  it('stores each record as JSON under service "tokenrelay", account "<kind>:<environment>"', async () => {
    const session = oauthRecord(PROD);
    await s.put(session);
    expect(JSON.parse(lookup(`oauth:${PROD}`) ?? 'null')).toEqual(session);
    expect(await s.get(PROD, 'oauth')).toEqual(session);
    expect(w.messages).toEqual([]);
  });

  it('keeps environments and kinds side by side, lists them, deletes one at a time', async () => {
    const prodSession = oauthRecord(PROD);
    const prodPat = staticRecord(PROD);
    const devSession = oauthRecord(DEV);
    for (const r of [prodSession, prodPat, devSession]) await s.put(r);
    expect(await s.list()).toEqual([prodPat, prodSession, devSession]);

    expect(await s.delete(PROD, 'oauth')).toBe(true);
    expect(await s.delete(PROD, 'oauth')).toBe(false);
    expect(lookup(`oauth:${PROD}`)).toBeUndefined();
    expect(await s.get(PROD, 'static')).toEqual(prodPat);
    expect(await s.list()).toEqual([prodPat, devSession]);
  });

  it('keeps no secret in the config directory: the index names environments only', async () => {
    const session = oauthRecord(PROD);
    const pat = staticRecord(DEV);
    await s.put(session);
    await s.put(pat);
    const index = JSON.parse(await readFile(join(t.config, 'keychain-index.json'), 'utf8'));
    expect(index).toEqual({ version: 1, entries: { [DEV]: ['static'], [PROD]: ['oauth'] } });
    assertNoLeaks({
      secrets: [session.accessToken, session.refreshToken!, session.idToken!, pat.token],
      dirs: [t.config],
    });
    expect(await readdir(t.config)).not.toContain('credentials.json');
  });

  it('registers every secret it reads back', async () => {
    const session = oauthRecord(PROD);
    await s.put(session);
    resetSecretsForTest();
    await s.get(PROD, 'oauth');
    expect(isSecret(session.accessToken)).toBe(true);
    expect(isSecret(session.refreshToken!)).toBe(true);
    expect(isSecret(session.idToken!)).toBe(true);
  });

  it('splits a long record over several entries and cleans up the parts', async () => {
    const chunked = new KeychainStore({
      client: await client(),
      dir: t.config,
      warn: w.warn,
      chunkSize: 200,
    });
    const long = oauthRecord(PROD, { accessToken: `at-${'x'.repeat(900)}-${run}` });
    await chunked.put(long);
    expect(JSON.parse(lookup(`oauth:${PROD}`)!)).toEqual({ tokenrelayChunks: expect.any(Number) });
    const parts = JSON.parse(lookup(`oauth:${PROD}`)!).tokenrelayChunks as number;
    expect(parts).toBeGreaterThan(5);
    expect(lookup(`oauth:${PROD}#${parts}`)).toBeDefined();
    expect(await chunked.get(PROD, 'oauth')).toEqual(long);

    await chunked.put(oauthRecord(PROD, { accessToken: 'short' }));
    expect(lookup(`oauth:${PROD}#1`)).toBeDefined(); // still over 200 characters, fewer parts
    expect(lookup(`oauth:${PROD}#${parts}`)).toBeUndefined();

    expect(await chunked.delete(PROD, 'oauth')).toBe(true);
    expect(lookup(`oauth:${PROD}`)).toBeUndefined();
    expect(lookup(`oauth:${PROD}#1`)).toBeUndefined();
  });

  it('skips lookups the index says would miss, and looks when there is no index', async () => {
    const real = await client();
    const asked: string[] = [];
    const counting: KeyringClient = {
      ...real,
      description: real.description,
      get: (account) => {
        asked.push(account);
        return real.get(account);
      },
    };
    const k = new KeychainStore({ client: counting, dir: t.config, warn: w.warn });
    await k.put(oauthRecord(PROD));
    asked.length = 0; // saving reads too (the parts of an earlier value)
    expect(await k.get(PROD, 'static')).toBeUndefined();
    expect((await k.get(PROD, 'oauth'))?.environment).toBe(PROD);
    expect(asked).toEqual([`oauth:${PROD}`]);
    // A secret-tool entry the index does not know (no index at all): found by asking.
    store(`static:${DEV}`, JSON.stringify(staticRecord(DEV)));
    await rm(join(t.config, 'keychain-index.json'));
    expect((await k.get(DEV, 'static'))?.environment).toBe(DEV);
    expect(asked).toContain(`static:${DEV}`);
    await k.delete(DEV, 'static');
  });

  it('fails with exit 6 on an unusable entry, and logout still removes it', async () => {
    store(`oauth:${PROD}`, `{"kind":"oauth","accessToken":"at-${run}"`);
    const e = await s.get(PROD, 'oauth').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(TokenRelayError);
    expect((e as TokenRelayError).exitCode).toBe(6);
    expect((e as TokenRelayError).message).toContain(`"oauth:${PROD}"`);
    expect((e as TokenRelayError).describe()).toContain("Run 'tokenrelay auth login' again");
    expect(await s.delete(PROD, 'oauth')).toBe(true);
    expect(lookup(`oauth:${PROD}`)).toBeUndefined();
  });

  it('still reads a login saved in the file, and moves it into the keychain on the next save', async () => {
    const file = new FileStore({ dir: t.config, warn: w.warn });
    const insecure = oauthRecord(PROD);
    await file.put(insecure);
    expect(await s.get(PROD, 'oauth')).toEqual(insecure);
    expect(await s.list()).toEqual([insecure]);

    const refreshed = oauthRecord(PROD);
    await s.put(refreshed);
    expect(await file.get(PROD, 'oauth')).toBeUndefined();
    expect(JSON.parse(lookup(`oauth:${PROD}`)!)).toEqual(refreshed);
    assertNoLeaks({ secrets: [refreshed.accessToken, refreshed.refreshToken!], dirs: [t.config] });
  });

  it('locks per environment in the config directory', async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        s.withLock(PROD, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 10));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await readdir(join(t.config, 'locks'))).toEqual([]);
  });
});
