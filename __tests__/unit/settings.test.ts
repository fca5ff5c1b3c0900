import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/core/config-file.ts';
import { environmentKey, resolveSettings } from '../../src/core/settings.ts';
import { thrown } from '../../test-support/expect-error.ts';

const CONFIG = `
default_profile = "dev"

[profiles.dev]
api_url = "http://127.0.0.1:9000/"
issuer = "http://127.0.0.1:9001"
client_id = "dev-client"
scope = "read"
tenant_header = "X-Org"
token_env = "DOT_AI_AUTH_TOKEN"
timeout_seconds = 12
routes = [ { prefix = "rexec_", path = "/api/tokens/validate" }, { jwt = true, path = "/api/profile" } ]

[profiles.prod]
api_url = "https://api.example.test"
client_id = "prod-client"
`;

const config = parseConfigFile(CONFIG, '/cfg/config.toml');

describe('settings resolution: flag > env > config > defaults', () => {
  it('takes the default profile from the config file, with defaults for the rest', () => {
    const s = resolveSettings({ flags: {}, env: {}, config });
    expect(s.profile).toBe('dev');
    expect(s.apiUrl).toBe('http://127.0.0.1:9000/'); // exactly as written
    expect(s.clientId).toBe('dev-client');
    expect(s.tenantHeader).toBe('X-Org');
    expect(s.tokenHeader).toBe('Authorization');
    expect(s.profilePath).toBe('/api/v1/profile');
    expect(s.timeoutSeconds).toBe(12);
    expect(s.retries).toBe(3);
    expect(s.tokenEnv).toBe('DOT_AI_AUTH_TOKEN');
    expect(s.routes).toEqual([
      { prefix: 'rexec_', path: '/api/tokens/validate' },
      { jwt: true, path: '/api/profile' },
    ]);
    expect(s.origins.clientId).toBe('config');
  });

  it('env beats config and flag beats env, setting by setting', () => {
    const env = { TOKENRELAY_CLIENT_ID: 'env-client', TOKENRELAY_SCOPE: 'write', TOKENRELAY_RETRIES: '5' };
    const s = resolveSettings({ flags: { clientId: 'flag-client' }, env, config });
    expect(s.clientId).toBe('flag-client');
    expect(s.origins.clientId).toBe('flag');
    expect(s.scope).toBe('write');
    expect(s.origins.scope).toBe('env');
    expect(s.retries).toBe(5);
    expect(s.issuer).toBe('http://127.0.0.1:9001');
  });

  it('picks a profile by flag, then by TOKENRELAY_PROFILE', () => {
    expect(resolveSettings({ flags: { profile: 'prod' }, env: {}, config }).clientId).toBe('prod-client');
    expect(resolveSettings({ flags: {}, env: { TOKENRELAY_PROFILE: 'prod' }, config }).clientId).toBe(
      'prod-client',
    );
  });

  it('an unknown profile is exit 2 and lists the known ones', () => {
    const e = thrown(() => resolveSettings({ flags: { profile: 'staging' }, env: {}, config }));
    expect(e.exitCode).toBe(2);
    expect(e.describe()).toContain("Unknown profile 'staging'");
    expect(e.describe()).toContain('dev, prod');
  });

  it('an empty env var counts as unset', () => {
    const s = resolveSettings({ flags: {}, env: { TOKENRELAY_CLIENT_ID: '  ' }, config });
    expect(s.clientId).toBe('dev-client');
  });

  it('rejects bad values with exit 2', () => {
    expect(thrown(() => resolveSettings({ flags: { retries: 'many' }, env: {} })).exitCode).toBe(2);
    expect(thrown(() => resolveSettings({ flags: { timeoutSeconds: '0' }, env: {} })).exitCode).toBe(2);
    expect(thrown(() => resolveSettings({ flags: { issuer: 'not a url' }, env: {} })).exitCode).toBe(2);
    expect(thrown(() => resolveSettings({ flags: { clientAuth: 'magic' }, env: {} })).exitCode).toBe(2);
    const creds = thrown(() => resolveSettings({ flags: { apiUrl: 'https://user:pw@api.test' }, env: {} }));
    expect(creds.describe()).not.toContain('pw');
    expect(thrown(() => resolveSettings({ flags: { tenantHeader: 'X Bad' }, env: {} })).exitCode).toBe(2);
  });

  it('keys environments by api_url, else issuer', () => {
    expect(environmentKey({ apiUrl: 'HTTPS://API.Example.test:443/v1/', issuer: 'https://idp.test' })).toBe(
      'https://api.example.test/v1',
    );
    // The path keeps its case: the same key the credential store files records under.
    expect(environmentKey({ apiUrl: 'https://api.example.test/Tenant/A' })).toBe(
      'https://api.example.test/Tenant/A',
    );
    expect(environmentKey({ issuer: 'https://idp.test/realms/x' })).toBe('https://idp.test/realms/x');
    expect(environmentKey({})).toBeUndefined();
  });
});

describe('config file', () => {
  it('malformed TOML is exit 2 and names the file and line', () => {
    const e = thrown(() =>
      parseConfigFile('[profiles.dev]\napi_url = "http://x"\nclient_id = \n', '/c/config.toml'),
    );
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('/c/config.toml');
    expect(e.message).toMatch(/line 3/);
  });

  it('refuses credentials in the config file without echoing them', () => {
    const e = thrown(() =>
      parseConfigFile('[profiles.dev]\nclient_secret = "s3cr3t-value"\n', '/c/config.toml'),
    );
    expect(e.exitCode).toBe(2);
    expect(e.describe()).toContain('credentials never live in the config file');
    expect(e.describe()).not.toContain('s3cr3t-value');
  });

  it('refuses unknown keys, naming them', () => {
    const e = thrown(() => parseConfigFile('[profiles.dev]\napi_ulr = "x"\n', '/c/config.toml'));
    expect(e.describe()).toContain("Unknown key 'api_ulr'");
  });

  it('refuses a route without a prefix or jwt', () => {
    const e = thrown(() =>
      parseConfigFile('[profiles.dev]\nroutes = [ { path = "/x" } ]\n', '/c/config.toml'),
    );
    expect(e.exitCode).toBe(2);
  });
});
