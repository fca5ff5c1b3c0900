/**
 * Which configured client secret a login sends (issue 18 item 4): only one given for the
 * login's own client id, never a CI client's TOKENRELAY_CLIENT_SECRET beside a person's
 * `--client-id`.
 */
import { describe, expect, it } from 'vitest';
import { secretForLogin } from '../../src/app/login-client.ts';
import type { ConfigFile } from '../../src/core/config-file.ts';
import { resolveSettings } from '../../src/core/settings.ts';

const SECRET = 'ci-client-secret-0123456789';

function settings(flags: Record<string, string>, env: Record<string, string>, profileClientId?: string) {
  const config = profileClientId
    ? ({
        path: '/nonexistent/config.toml',
        defaultProfile: 'p',
        profiles: new Map([['p', { name: 'p', values: { client_id: profileClientId }, routes: [] }]]),
      } as unknown as ConfigFile)
    : undefined;
  return resolveSettings({ flags, env, ...(config ? { config } : {}) });
}

describe('secretForLogin', () => {
  it.each([
    [
      '--client-id and --client-secret',
      { clientId: 'cli-native', clientSecret: SECRET },
      {},
      undefined,
      SECRET,
    ],
    [
      'TOKENRELAY_CLIENT_ID with TOKENRELAY_CLIENT_SECRET',
      {},
      { TOKENRELAY_CLIENT_ID: 'ci', TOKENRELAY_CLIENT_SECRET: SECRET },
      undefined,
      SECRET,
    ],
    [
      "the profile's client_id with TOKENRELAY_CLIENT_SECRET",
      {},
      { TOKENRELAY_CLIENT_SECRET: SECRET },
      'app',
      SECRET,
    ],
    [
      "--client-id beside a CI client's variables",
      { clientId: 'cli-native' },
      { TOKENRELAY_CLIENT_ID: 'ci', TOKENRELAY_CLIENT_SECRET: SECRET },
      undefined,
      undefined,
    ],
    [
      '--client-id beside a lone TOKENRELAY_CLIENT_SECRET',
      { clientId: 'cli-native' },
      { TOKENRELAY_CLIENT_SECRET: SECRET },
      undefined,
      undefined,
    ],
    [
      'no client id at all (a registration is used)',
      {},
      { TOKENRELAY_CLIENT_SECRET: SECRET },
      undefined,
      undefined,
    ],
  ])('%s', (_what, flags, env, profileClientId, sent) => {
    expect(secretForLogin(settings(flags, env, profileClientId))).toBe(sent);
  });
});
