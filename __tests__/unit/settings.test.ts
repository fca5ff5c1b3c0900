import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/core/config-file.ts';
import { configTrustProblem } from '../../src/core/config-trust.ts';
import { endpointNotice } from '../../src/core/endpoint-notice.ts';
import { environmentKey, resolveSettings } from '../../src/core/settings.ts';
import { rejection, thrown } from '../../test-support/expect-error.ts';

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

const config = await parseConfigFile(CONFIG, '/cfg/config.toml');

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
  it('malformed TOML is exit 2 and names the file and line', async () => {
    const e = await rejection(
      parseConfigFile('[profiles.dev]\napi_url = "http://x"\nclient_id = \n', '/c/config.toml'),
    );
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('/c/config.toml');
    expect(e.message).toMatch(/line 3/);
  });

  it('refuses credentials in the config file without echoing them', async () => {
    const e = await rejection(
      parseConfigFile('[profiles.dev]\nclient_secret = "s3cr3t-value"\n', '/c/config.toml'),
    );
    expect(e.exitCode).toBe(2);
    expect(e.describe()).toContain('credentials never live in the config file');
    expect(e.describe()).not.toContain('s3cr3t-value');
  });

  it('refuses unknown keys, naming them', async () => {
    const e = await rejection(parseConfigFile('[profiles.dev]\napi_ulr = "x"\n', '/c/config.toml'));
    expect(e.describe()).toContain("Unknown key 'api_ulr'");
  });

  it('refuses a route without a prefix or jwt', async () => {
    const e = await rejection(
      parseConfigFile('[profiles.dev]\nroutes = [ { path = "/x" } ]\n', '/c/config.toml'),
    );
    expect(e.exitCode).toBe(2);
  });
});

describe('config trust (the rule the store applies, for config.toml and its directory)', () => {
  const me = 1000;
  it.each([
    [{ uid: me, mode: 0o100644 }, undefined],
    [{ uid: 0, mode: 0o100644 }, undefined],
    [{ uid: me, mode: 0o40700 }, undefined],
    [{ uid: 1001, mode: 0o100644 }, 'belongs to uid 1001 (mode 644), not to you (uid 1000) or root'],
    [{ uid: me, mode: 0o100664 }, 'writable by its group (owner uid 1000, mode 664)'],
    [{ uid: me, mode: 0o100646 }, 'writable by other users (owner uid 1000, mode 646)'],
    [{ uid: 0, mode: 0o41777 }, 'writable by its group and other users (owner uid 0, mode 777)'],
  ])('%o -> %s', (st, refusal) => {
    const problem = configTrustProblem('/c/config.toml', st, me, 'file');
    if (refusal === undefined) expect(problem).toBeUndefined();
    else {
      expect(problem?.exitCode).toBe(2);
      expect(problem?.describe()).toContain(refusal);
      expect(problem?.describe()).toMatch(/chown|chmod go-w/);
    }
  });

  it.each([
    'TOKENRELAY_CLIENT_SECRET',
    'TOKENRELAY_PRIVATE_KEY',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_RUNTIME_TOKEN',
    'GITHUB_TOKEN',
    'CI_JOB_TOKEN',
    'CI_JOB_JWT_V2',
    'CI_REGISTRY_PASSWORD',
    'RUNNER_TOKEN',
    'MY_ID_TOKEN',
  ])('token_env = %s from a config file is exit 2', async (name) => {
    const e = await rejection(
      parseConfigFile(
        `[profiles.dev]\nid_token_env = "MY_ID_TOKEN"\ntoken_env = "${name}"\n`,
        '/c/config.toml',
      ),
    );
    expect(e.exitCode).toBe(2);
    expect(e.describe()).toContain(`token_env = '${name}'`);
  });

  it('token_env naming the API tool variable is fine', async () => {
    const config = await parseConfigFile(
      '[profiles.dev]\ntoken_env = "DOT_AI_AUTH_TOKEN"\n',
      '/c/config.toml',
    );
    expect(config.profiles.get('dev')?.values.token_env).toBe('DOT_AI_AUTH_TOKEN');
  });
});

describe('which token endpoint is used', () => {
  const origins = (issuer: 'flag' | 'env' | 'config', tokenEndpoint: 'flag' | 'env' | 'config') => ({
    issuer,
    tokenEndpoint,
  });
  it('says where the endpoint came from when it and the issuer come from different layers', () => {
    const n = endpointNotice({
      issuer: 'https://id.example.test',
      tokenEndpoint: 'https://id.example.test/oauth/token',
      origins: origins('flag', 'config'),
      configPath: '/c/config.toml',
      profile: 'dev',
    });
    expect(n.info).toBe(
      'token endpoint https://id.example.test/oauth/token (from token_endpoint in /c/config.toml [profiles.dev]) is used, not discovery from the issuer https://id.example.test (from --issuer / the issuer input)',
    );
    expect(n.warning).toBeUndefined();
  });

  it("warns when the endpoint is not on the issuer's origin, whatever the layers", () => {
    const n = endpointNotice({
      issuer: 'https://id.example.test',
      tokenEndpoint: 'https://elsewhere.example.test/token',
      origins: origins('env', 'env'),
    });
    expect(n.info).toBeUndefined();
    expect(n.warning).toContain("is not on the issuer's origin https://id.example.test");
    expect(n.warning).toContain('client credentials go to https://elsewhere.example.test');
  });

  it('says nothing when only one of them is set', () => {
    expect(
      endpointNotice({ tokenEndpoint: 'https://a.test/t', origins: { tokenEndpoint: 'config' } }),
    ).toEqual({});
  });
});
