/**
 * Which environment a command runs in when it names none, and what `auth switch` and the
 * encrypted backup do with the stored records — the app layer on the in-memory store.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkPassphrase,
  decryptBackup,
  encryptBackup,
  gitWorkTreeOf,
} from '../../src/app/credentials-backup.ts';
import { findEnvironment, settingsFor, storedEnvironments } from '../../src/app/environments.ts';
import { switchEnvironment } from '../../src/app/switch-environment.ts';
import { resolveSettings } from '../../src/core/settings.ts';
import type { ActiveEnvironment } from '../../src/store/active-environment.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { OAuthRecord, StaticRecord } from '../../src/store/types.ts';

const API = 'https://api.example.test';
const IDP = 'https://idp.example.test';
const pat: StaticRecord = {
  kind: 'static',
  environment: API,
  savedAt: '2026-11-30T00:00:00Z',
  token: 'tr_pat_0123456789ab',
};
const session = (environment: string): OAuthRecord => ({
  kind: 'oauth',
  environment,
  savedAt: '2026-11-30T00:00:00Z',
  accessToken: 'access-0123456789ab',
  tokenType: 'Bearer',
  issuer: IDP,
  clientId: 'cli',
  tokenEndpoint: `${IDP}/token`,
  tenant: 'acme',
});
const none = resolveSettings({ flags: {}, env: {} });

describe('stored environments', () => {
  it('tells an API URL from an issuer-only session, and skips client registrations', async () => {
    const store = new MemoryStore([
      pat,
      session('https://dev.example.test'),
      session(IDP),
      {
        kind: 'client',
        environment: 'https://only-client.example.test',
        savedAt: 'x',
        issuer: IDP,
        clientId: 'c',
      },
    ]);
    const envs = await storedEnvironments(store);
    expect(envs.map((e) => [e.environment, e.apiUrl, e.issuer])).toEqual([
      [API, API, undefined],
      ['https://dev.example.test', 'https://dev.example.test', IDP],
      [IDP, undefined, IDP],
    ]);
    const issuerOnly = settingsFor({ ...none, apiUrl: 'https://stale.example.test' }, envs[2]!);
    expect(issuerOnly.apiUrl).toBeUndefined();
    expect(issuerOnly.issuer).toBe(IDP);
  });

  it('finds the only one, and refuses to guess among several (2)', async () => {
    const one = await findEnvironment(none, async () => new MemoryStore([pat]));
    expect(one.settings.apiUrl).toBe(API);
    expect(one.why).toBe(`using ${API}, the only environment stored`);
    await expect(
      findEnvironment(none, async () => new MemoryStore([pat, session(IDP)])),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: `Credentials are stored for several environments: ${API}, ${IDP}.`,
    });
    const named = { ...none, apiUrl: 'https://named.example.test' };
    expect((await findEnvironment(named, async () => new MemoryStore([pat, session(IDP)]))).settings).toBe(
      named,
    );
  });
});

describe('switchEnvironment', () => {
  it('saves the choice and the new workspace on every record of it, and nothing else', async () => {
    const store = new MemoryStore([pat, session(API), session(IDP)]);
    const saved: ActiveEnvironment[] = [];
    const result = await switchEnvironment(
      { settings: none, environment: `${API}/`, workspace: 'acme/research' },
      { openStore: async () => store, saveActive: async (a) => void saved.push(a), previous: IDP },
    );
    expect(result).toEqual({
      environment: API,
      apiUrl: API,
      issuer: IDP,
      previous: IDP,
      tenant: 'acme',
      workspace: 'acme/research',
    });
    expect(saved).toEqual([{ environment: API, apiUrl: API, issuer: IDP }]);
    expect((await store.get(API, 'static'))?.workspace).toBe('acme/research');
    expect((await store.get(API, 'oauth'))?.workspace).toBe('acme/research');
    expect((await store.get(IDP, 'oauth'))?.workspace).toBeUndefined();
  });

  it('an environment nothing is stored for is a usage error, and nothing is saved', async () => {
    const saved: ActiveEnvironment[] = [];
    const deps = {
      openStore: async () => new MemoryStore([pat]),
      saveActive: async (a: ActiveEnvironment) => void saved.push(a),
    };
    await expect(
      switchEnvironment({ settings: none, environment: 'https://nope.example.test' }, deps),
    ).rejects.toMatchObject({
      exitCode: 2,
    });
    await expect(switchEnvironment({ settings: none }, deps)).rejects.toMatchObject({ exitCode: 2 });
    expect(saved).toEqual([]);
  });
});

describe('the encrypted backup', () => {
  it('round-trips the records; a wrong passphrase is 4; a short one or a non-export is 2', async () => {
    const records = [pat, session(IDP)];
    const jwe = await encryptBackup(records, 'a long enough passphrase');
    expect(jwe).not.toContain(pat.token);
    const ask = (p: string) => async () => p;
    expect(await decryptBackup(jwe, ask('a long enough passphrase'), 'x.jwe')).toEqual(records);
    await expect(decryptBackup(jwe, ask('another passphrase'), 'x.jwe')).rejects.toMatchObject({
      exitCode: 4,
    });
    let asked = false;
    await expect(
      decryptBackup(
        '{"not": "a jwe"}',
        async () => {
          asked = true;
          return 'x';
        },
        'x.jwe',
      ),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(asked).toBe(false);
    const [h, k, iv, c, t] = jwe.trim().split('.');
    const flipped = `${h}.${k}.${iv}.${c!.slice(0, -2)}${c!.endsWith('A') ? 'B' : 'A'}A.${t}`;
    await expect(decryptBackup(flipped, ask('a long enough passphrase'), 'x.jwe')).rejects.toMatchObject({
      exitCode: 4,
    });
    expect(() => checkPassphrase('short')).toThrow(/too short/);
  });

  it('knows a git work tree from its .git, at any depth', () => {
    // fileURLToPath, not URL#pathname ('/C:/…' on Windows); resolve drops the trailing separator.
    const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
    expect(gitWorkTreeOf(join(root, 'some', 'new', 'file.jwe'))).toBe(root);
  });
});
