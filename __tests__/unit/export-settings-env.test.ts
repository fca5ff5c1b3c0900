/** `export-settings`: the settings a step used, as TOKENRELAY_* variables — never a secret, never a default. */
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/core/settings.ts';
import { settingsAsEnv } from '../../src/export/settings-env.ts';

describe('settingsAsEnv', () => {
  it('gives the settings that were set, as the variables the CLI reads, and no secret', () => {
    const settings = resolveSettings({
      flags: {
        issuer: 'https://auth.example.test',
        clientId: 'ci',
        clientSecret: 'a-client-secret-value',
        privateKey: 'a-private-key-value',
        scope: 'read write',
        resource: ['https://api.example.test', 'https://reports.example.test'],
        tenant: 'acme',
        retries: '5',
      },
      env: { TOKENRELAY_API_URL: 'https://api.example.test/' },
    });
    expect(Object.fromEntries(settingsAsEnv(settings))).toEqual({
      // URLs pass on exactly as given (a trailing slash matters to some servers).
      TOKENRELAY_API_URL: 'https://api.example.test/',
      TOKENRELAY_ISSUER: 'https://auth.example.test',
      TOKENRELAY_CLIENT_ID: 'ci',
      TOKENRELAY_SCOPE: 'read write',
      TOKENRELAY_RESOURCE: 'https://api.example.test https://reports.example.test',
      TOKENRELAY_TENANT: 'acme',
      TOKENRELAY_RETRIES: '5',
    });
  });

  it('round-trips: the exported variables resolve to the same settings', () => {
    const flags = {
      issuer: 'https://auth.example.test',
      clientId: 'ci',
      federation: 'jwt-bearer',
      workspace: 'w',
    };
    const first = resolveSettings({ flags, env: {} });
    const again = resolveSettings({ flags: {}, env: Object.fromEntries(settingsAsEnv(first)) });
    for (const key of ['issuer', 'clientId', 'federation', 'workspace', 'timeoutSeconds'] as const) {
      expect(again[key]).toEqual(first[key]);
    }
  });
});
