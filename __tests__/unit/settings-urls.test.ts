/**
 * URL settings are used exactly as the user wrote them (issue 10, item 1): servers differ on
 * a trailing slash and some URLs carry a query. Settings are named in messages the way the
 * user gave them (item 6), and the revocation endpoint is a setting of its own (item 3).
 */
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/core/config-file.ts';
import { resolveSettings, settingName } from '../../src/core/settings.ts';
import { profileUrl } from '../../src/identity/token-route.ts';
import { thrown } from '../../test-support/expect-error.ts';

describe('URL settings exactly as given', () => {
  it('keeps the path, the trailing slash and the query of every URL setting', () => {
    const s = resolveSettings({
      flags: {
        tokenEndpoint: 'http://127.0.0.1:8000/o/token/',
        revocationEndpoint: 'http://127.0.0.1:8000/o/revoke_token/',
        issuer: 'https://tenant.auth0.example/',
        apiUrl: 'https://api.example.test/v2/?api-version=2024-01-01',
      },
      env: {},
    });
    expect(s.tokenEndpoint).toBe('http://127.0.0.1:8000/o/token/');
    expect(s.revocationEndpoint).toBe('http://127.0.0.1:8000/o/revoke_token/');
    expect(s.issuer).toBe('https://tenant.auth0.example/');
    expect(s.apiUrl).toBe('https://api.example.test/v2/?api-version=2024-01-01');
  });

  it('trims surrounding whitespace only', () => {
    const s = resolveSettings({
      flags: {},
      env: { TOKENRELAY_TOKEN_ENDPOINT: '  https://idp.example.test/token/  ' },
    });
    expect(s.tokenEndpoint).toBe('https://idp.example.test/token/');
  });

  it('the profile URL keeps the API URL query and the profile path trailing slash', () => {
    expect(profileUrl('https://api.example.test/v2/?api-version=7', '/api/profile/')).toBe(
      'https://api.example.test/v2/api/profile/?api-version=7',
    );
    expect(profileUrl('https://api.example.test', '/me?fields=login')).toBe(
      'https://api.example.test/me?fields=login',
    );
    expect(profileUrl('https://api.example.test/base?a=1', '/me?b=2')).toBe(
      'https://api.example.test/base/me?a=1&b=2',
    );
  });
});

const revocationConfig = await parseConfigFile(
  '[profiles.dot]\nrevocation_endpoint = "http://127.0.0.1:8000/o/revoke_token/"\n',
  '/cfg/config.toml',
);

describe('revocation-endpoint', () => {
  const config = revocationConfig;

  it('is read from the flag, TOKENRELAY_REVOCATION_ENDPOINT and revocation_endpoint, in that order', () => {
    const fromConfig = resolveSettings({ flags: { profile: 'dot' }, env: {}, config });
    expect(fromConfig.revocationEndpoint).toBe('http://127.0.0.1:8000/o/revoke_token/');
    const fromEnv = resolveSettings({
      flags: { profile: 'dot' },
      env: { TOKENRELAY_REVOCATION_ENDPOINT: 'https://idp.example.test/revoke' },
      config,
    });
    expect(fromEnv.revocationEndpoint).toBe('https://idp.example.test/revoke');
    const fromFlag = resolveSettings({
      flags: { profile: 'dot', revocationEndpoint: 'https://idp.example.test/oauth2/revoke/' },
      env: { TOKENRELAY_REVOCATION_ENDPOINT: 'https://idp.example.test/revoke' },
      config,
    });
    expect(fromFlag.revocationEndpoint).toBe('https://idp.example.test/oauth2/revoke/');
  });

  it('is checked like every URL setting (exit 2, named as given)', () => {
    const err = thrown(() =>
      resolveSettings({ flags: {}, env: { TOKENRELAY_REVOCATION_ENDPOINT: 'not a url' } }),
    );
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('TOKENRELAY_REVOCATION_ENDPOINT is not a valid URL.');
  });
});

const namingConfig = await parseConfigFile('[profiles.p]\nclient_id = "from-config"\n', '/cfg/config.toml');

describe('settings named the way the user gave them', () => {
  const config = namingConfig;

  it('a flag, an environment variable, a config key, an Action input', () => {
    const cli = resolveSettings({ flags: { clientId: 'x' }, env: {} });
    expect(settingName(cli, 'clientId')).toBe('--client-id');
    const env = resolveSettings({ flags: {}, env: { TOKENRELAY_CLIENT_ID: 'x' } });
    expect(settingName(env, 'clientId')).toBe('TOKENRELAY_CLIENT_ID');
    const fromConfig = resolveSettings({ flags: { profile: 'p' }, env: {}, config });
    expect(settingName(fromConfig, 'clientId')).toBe('client_id (config file)');
    const action = resolveSettings({ flags: { clientId: 'x' }, env: {}, face: 'action' });
    expect(settingName(action, 'clientId')).toBe('input client-id');
  });

  it('an unset setting is named every way it could be given', () => {
    expect(settingName(resolveSettings({ flags: {}, env: {} }), 'revocationEndpoint')).toBe(
      '--revocation-endpoint / TOKENRELAY_REVOCATION_ENDPOINT / revocation_endpoint',
    );
    expect(settingName(resolveSettings({ flags: {}, env: {}, face: 'action' }), 'revocationEndpoint')).toBe(
      'input revocation-endpoint / TOKENRELAY_REVOCATION_ENDPOINT',
    );
  });

  it('a bad Action input is named as an input', () => {
    const err = thrown(() =>
      resolveSettings({ flags: { tokenEndpoint: 'ftp://x' }, env: {}, face: 'action' }),
    );
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^input token-endpoint must be an http\(s\) URL/);
  });
});
