import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDirFor } from '../../src/app/cache-dir.ts';
import { jobFileFor } from '../../src/app/job-settings.ts';
import { cacheKey } from '../../src/app/token-cache.ts';
import { resolveSettings } from '../../src/core/settings.ts';

const base = {
  TOKENRELAY_ISSUER: 'https://auth.example.test',
  TOKENRELAY_CLIENT_ID: 'reporter',
  TOKENRELAY_SCOPE: 'read',
};
const settings = (env: Record<string, string>) => resolveSettings({ flags: {}, env });

describe('the token cache key', () => {
  it('does not depend on the secret, so a step without it finds what the job minted', () => {
    const withSecret = settings({ ...base, TOKENRELAY_CLIENT_SECRET: 'a-secret-value-1234' });
    const without = settings(base);
    const key = cacheKey('client-credentials', withSecret, {});
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(cacheKey('client-credentials', without, {})).toBe(key);
  });

  it('changes with anything that changes which token is minted', () => {
    const key = cacheKey('client-credentials', settings(base), {});
    const changes: Record<string, string>[] = [
      { TOKENRELAY_SCOPE: 'write' },
      { TOKENRELAY_TENANT: 'acme' },
      { TOKENRELAY_CLIENT_ID: 'other' },
      { TOKENRELAY_RESOURCE: 'https://api.example.test' },
      { TOKENRELAY_GRANT: 'jwt-bearer', TOKENRELAY_ASSERTION_SUBJECT: 'someone' },
    ];
    for (const change of changes) {
      expect(cacheKey('client-credentials', settings({ ...base, ...change }), {})).not.toBe(key);
    }
    expect(cacheKey('client-credentials', settings(base), {}, { ttl: '60' })).not.toBe(key);
    expect(cacheKey('federation', settings({ ...base, TOKENRELAY_FEDERATION: 'jwt-bearer' }), {})).not.toBe(
      key,
    );
  });

  it('ties a federated token to the CI job (a GitLab id token, a GitHub run)', () => {
    const s = settings({ ...base, TOKENRELAY_FEDERATION: 'jwt-bearer' });
    const jobA = cacheKey('federation', s, { TOKENRELAY_ID_TOKEN: 'eyJ.job-a.sig' });
    const jobB = cacheKey('federation', s, { TOKENRELAY_ID_TOKEN: 'eyJ.job-b.sig' });
    expect(jobA).not.toBe(jobB);
    const run1 = cacheKey('federation', s, { GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '1' });
    const run2 = cacheKey('federation', s, { GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '2' });
    expect(run1).not.toBe(run2);
  });

  it('is undefined where nothing can be minted', () => {
    expect(cacheKey('client-credentials', settings({ TOKENRELAY_ISSUER: base.TOKENRELAY_ISSUER }), {})).toBe(
      undefined,
    );
    expect(cacheKey('federation', settings(base), {})).toBe(undefined);
  });
});

describe('where the cache lives', () => {
  it('RUNNER_TEMP in GitHub Actions; elsewhere only when asked; off is off', () => {
    const actions = { GITHUB_ACTIONS: 'true', RUNNER_TEMP: '/runner/temp', HOME: '/home/u' };
    expect(cacheDirFor({}, actions)).toBe(join('/runner/temp', 'tokenrelay-cache'));
    expect(cacheDirFor({ cacheDir: 'off' }, actions)).toBe(undefined);
    expect(cacheDirFor({}, { HOME: '/home/u' })).toBe(undefined);
    expect(cacheDirFor({ cacheDir: 'auto' }, { HOME: '/home/u', XDG_RUNTIME_DIR: '/run/user/1' })).toBe(
      join('/run/user/1', 'tokenrelay'),
    );
    expect(cacheDirFor({ cacheDir: 'auto' }, { HOME: '/home/u' })).toBe(
      join('/home/u', '.cache', 'tokenrelay'),
    );
    expect(cacheDirFor({ cacheDir: '/srv/cache' }, { HOME: '/home/u' })).toBe('/srv/cache');
  });
});

describe('the settings the Action hands on', () => {
  it('carry what was chosen, never a default, and the secret only with keep-fresh', () => {
    const plain = jobFileFor(settings({ ...base, TOKENRELAY_CLIENT_SECRET: 'a-secret-value-1234' }), {});
    expect(plain.settings).toEqual(base);
    expect(plain.keepFresh).toBe(false);
    const kept = jobFileFor(
      settings({ ...base, TOKENRELAY_CLIENT_SECRET: 'a-secret-value-1234', TOKENRELAY_KEEP_FRESH: 'true' }),
      { ttl: '60' },
    );
    expect(kept.settings.TOKENRELAY_CLIENT_SECRET).toBe('a-secret-value-1234');
    expect(kept.extraParams).toEqual({ ttl: '60' });
    expect(kept.settings.TOKENRELAY_KEEP_FRESH).toBeUndefined();
    const elsewhere = jobFileFor(settings({ ...base, TOKENRELAY_CACHE_DIR: '/srv/cache' }), {});
    expect(elsewhere.settings.TOKENRELAY_CACHE_DIR).toBe('/srv/cache');
  });

  it("a later step's own environment wins over the job's, outside the identity", () => {
    const later = resolveSettings({ flags: {}, env: { TOKENRELAY_SCOPE: 'write' }, job: base });
    expect(later.scope).toBe('write');
    expect(later.clientId).toBe('reporter');
  });
});
