import { beforeEach, describe, expect, it } from 'vitest';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { OAuthRecord } from '../../src/store/types.ts';

const session = (accessToken: string): OAuthRecord => ({
  kind: 'oauth',
  environment: 'https://API.example.test/',
  accessToken,
  tokenType: 'Bearer',
  issuer: 'http://127.0.0.1:1',
  clientId: 'cli',
  tokenEndpoint: 'http://127.0.0.1:1/token',
  savedAt: '2025-01-01T00:00:00.000Z',
});

beforeEach(() => resetSecretsForTest());

describe('MemoryStore', () => {
  it('behaves like the real stores: normalised keys, copies, secrets registered on read', async () => {
    const store = new MemoryStore([session('at-first-1234')]);
    expect(store.backend).toBe('memory');
    expect(isSecret('at-first-1234')).toBe(false);
    const read = await store.get('https://api.example.test', 'oauth');
    expect(read?.environment).toBe('https://api.example.test');
    expect(isSecret('at-first-1234')).toBe(true);
    read!.accessToken = 'changed';
    expect((await store.get('https://api.example.test', 'oauth'))?.accessToken).toBe('at-first-1234');
    expect(await store.get('https://api.example.test', 'static')).toBeUndefined();
    expect(await store.delete('https://api.example.test/', 'oauth')).toBe(true);
    expect(await store.list()).toEqual([]);
  });

  it('runs withLock sections for one environment one at a time, even when one fails', async () => {
    const store = new MemoryStore();
    const order: string[] = [];
    const section = (name: string, fail = false) =>
      store.withLock('https://api.example.test', async () => {
        order.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 5));
        order.push(`${name}-`);
        if (fail) throw new Error(name);
      });
    const results = await Promise.allSettled([section('a'), section('b', true), section('c')]);
    expect(order).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
