import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { ALICE_PROFILE, TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { startProvider } from '../../test-support/provider.ts';
import {
  basicAuthorization,
  clientAssertion,
  clientCredentialsToken,
} from '../../test-support/provider-tokens.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

const CLIENT_CREDENTIALS = { grant_type: 'client_credentials', scope: 'read' };
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function postToken(body: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(servers.provider.tokenEndpoint, { method: 'POST', headers, body: new URLSearchParams(body) });
}

function profile(token: string, headers: Record<string, string> = {}) {
  return fetch(servers.api.profileUrl, { headers: { authorization: `Bearer ${token}`, ...headers } });
}

describe('test provider', () => {
  it('publishes discovery with the endpoints tokenrelay uses', async () => {
    const response = await fetch(servers.provider.discoveryUrl);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: servers.provider.issuer,
      token_endpoint: servers.provider.tokenEndpoint,
      revocation_endpoint: servers.provider.revocationEndpoint,
      introspection_endpoint: servers.provider.introspectionEndpoint,
      device_authorization_endpoint: servers.provider.deviceAuthorizationEndpoint,
      registration_endpoint: servers.provider.registrationEndpoint,
      jwks_uri: servers.provider.jwksUri,
      code_challenge_methods_supported: ['S256'],
    });
    expect(metadata.grant_types_supported).toEqual(
      expect.arrayContaining([
        'client_credentials',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code',
      ]),
    );
    expect(servers.provider.countFor('/.well-known/openid-configuration')).toBeGreaterThanOrEqual(1);
  });

  it('client_secret_basic works when id and secret are form-urlencoded before base64', async () => {
    const { clientId, clientSecret } = servers.provider.clients.basic;
    const authorization = basicAuthorization(clientId, clientSecret);
    const response = await postToken(CLIENT_CREDENTIALS, { authorization });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { scope: string }).scope).toBe('read');

    const sent = servers.provider.lastTokenRequest()!;
    expect(sent.headers.authorization).toBe(authorization);
    const decoded = Buffer.from(authorization.slice('Basic '.length), 'base64').toString();
    // The secret's ':', '%', '+', '/', '=', '&' and space all went out escaped.
    expect(decoded).toBe(`cc-basic:${new URLSearchParams({ s: clientSecret }).toString().slice(2)}`);
    expect(decoded.split(':')).toHaveLength(2);
  });

  it('client_secret_basic without the form-urlencoding fails with invalid_client', async () => {
    const { clientId, clientSecret } = servers.provider.clients.basic;
    const naive = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    const response = await postToken(CLIENT_CREDENTIALS, { authorization: naive });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('client_secret_post works', async () => {
    const { clientId, clientSecret } = servers.provider.clients.post;
    const response = await postToken({
      ...CLIENT_CREDENTIALS,
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(response.status).toBe(200);
    expect(servers.provider.lastTokenRequest()!.form).toMatchObject({ client_secret: clientSecret });
  });

  it.each([
    'es256',
    'rs256',
  ] as const)('private_key_jwt works with the %s key and needs a fresh jti', async (alg) => {
    const key = servers.provider.clients.jwt.keys[alg];
    const assertion = await clientAssertion(servers.provider, key);
    const body = {
      ...CLIENT_CREDENTIALS,
      client_id: 'cc-jwt',
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion,
    };
    expect((await postToken(body)).status).toBe(200);

    const recorded = servers.provider.lastTokenRequest()!.form!.client_assertion as string;
    expect(decodeJwt(recorded)).toMatchObject({ iss: 'cc-jwt', sub: 'cc-jwt', aud: servers.provider.issuer });
    expect(decodeProtectedHeader(recorded)).toMatchObject({ alg: key.alg, kid: key.kid });

    const replay = await postToken(body);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('issues a JWT access token for the API that the profile API accepts', async () => {
    const { access_token: token, expires_in: expiresIn } = await clientCredentialsToken(
      servers.provider,
      'basic',
      {
        scope: 'read write',
      },
    );
    expect(expiresIn).toBe(600);
    expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
    expect(decodeJwt(token)).toMatchObject({
      iss: servers.provider.issuer,
      aud: servers.provider.resources.api,
      sub: 'cc-basic',
      client_id: 'cc-basic',
      scope: 'read write',
    });

    const response = await profile(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sub: 'cc-basic', login: 'cc-basic', email: null });
  });

  it('chooses the audience by resource, and the profile API refuses a token for another one', async () => {
    const { access_token: token } = await clientCredentialsToken(servers.provider, 'post', {
      scope: 'read',
      resource: servers.provider.resources.reports,
    });
    expect(decodeJwt(token).aud).toBe(servers.provider.resources.reports);
    expect((await profile(token)).status).toBe(401);
  });

  it.each(['basic', 'post'] as const)('answers 401 invalid_client to a wrong %s secret', async (method) => {
    const clientId = servers.provider.clients[method].clientId;
    const response =
      method === 'basic'
        ? await postToken(CLIENT_CREDENTIALS, { authorization: basicAuthorization(clientId, 'wrong-secret') })
        : await postToken({ ...CLIENT_CREDENTIALS, client_id: clientId, client_secret: 'wrong-secret' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('revokes an opaque token with 200 and records it; refuses a JWT access token', async () => {
    const { clientId, clientSecret } = servers.provider.clients.post;
    const auth = { client_id: clientId, client_secret: clientSecret };
    const revoke = (token: string) =>
      fetch(servers.provider.revocationEndpoint, {
        method: 'POST',
        body: new URLSearchParams({ ...auth, token }),
      });

    const opaque = await clientCredentialsToken(servers.provider, 'post', {
      resource: servers.provider.resources.opaque,
    });
    expect(opaque.access_token.split('.')).toHaveLength(1);
    const response = await revoke(opaque.access_token);
    expect(response.status).toBe(200);
    expect(servers.provider.revoked).toContain(opaque.access_token);

    // oidc-provider cannot revoke structured tokens; a post step must treat this as a warning.
    const jwt = await clientCredentialsToken(servers.provider, 'post', { scope: 'read' });
    const refused = await revoke(jwt.access_token);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'unsupported_token_type' });
  });

  it('left no server errors behind', () => {
    expect(servers.provider.serverErrors).toEqual([]);
    expect(servers.provider.countFor('/token')).toBe(servers.provider.tokenRequests().length);
  });
});

describe('profile API', () => {
  it('answers a known PAT by Bearer or X-API-Key, and records what was sent', async () => {
    const byBearer = await profile(TEST_API_KEYS.alicePat);
    expect(byBearer.status).toBe(200);
    expect(await byBearer.json()).toEqual(ALICE_PROFILE);

    const byHeader = await fetch(`${servers.api.url}/api/profile`, {
      headers: { 'x-api-key': TEST_API_KEYS.botKey },
    });
    expect(byHeader.status).toBe(200);
    expect(await byHeader.json()).toMatchObject({ login: 'release-bot' });
    expect(servers.api.requests.at(-1)).toMatchObject({ path: '/api/profile', status: 200 });
    expect(servers.api.requests.at(-1)!.headers['x-api-key']).toBe(TEST_API_KEYS.botKey);
  });

  it('answers 401 invalid_token to a bad or missing key', async () => {
    const cases: Record<string, string>[] = [
      { authorization: 'Bearer tr_pat_nope' },
      {},
      { authorization: 'Basic eDp5' },
    ];
    for (const headers of cases) {
      const response = await fetch(`${servers.api.url}/api/tokens/validate`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'invalid_token' });
      expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    }
  });

  it('answers 403 to a tenant the identity does not have', async () => {
    const denied = await profile(TEST_API_KEYS.alicePat, { 'x-tenant': 'initech' });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: 'forbidden' });
    expect((await profile(TEST_API_KEYS.alicePat, { 'x-tenant': 'globex' })).status).toBe(200);
  });

  it('fails the next requests on demand: 500, 500, then 200', async () => {
    servers.api.failNext(500, 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await profile(TEST_API_KEYS.alicePat)).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('accepts tokens added at run time', async () => {
    servers.api.addToken('rexec_added_at_runtime_123', { ...ALICE_PROFILE, login: 'alice2' });
    const response = await fetch(servers.api.profileUrl, {
      headers: { 'x-api-key': 'rexec_added_at_runtime_123' },
    });
    expect(await response.json()).toMatchObject({ login: 'alice2' });
  });
});

describe('test provider options', () => {
  it('sets the access token lifetime, and without a default resource behaves like stock oidc-provider', async () => {
    const short = await startProvider({ accessTokenTtlSeconds: 5, defaultResource: null });
    try {
      const withResource = await clientCredentialsToken(short, 'post', {
        scope: 'read',
        resource: short.resources.api,
      });
      expect(withResource.expires_in).toBe(5);
      const claims = decodeJwt(withResource.access_token);
      expect(claims.exp! - claims.iat!).toBe(5);

      // No resource and no default: an opaque token, and the API scope silently dropped.
      const bare = await clientCredentialsToken(short, 'post', { scope: 'read' });
      expect(bare.access_token.split('.')).toHaveLength(1);
      expect(bare.scope).toBeUndefined();
    } finally {
      await short.close();
    }
  });
});
