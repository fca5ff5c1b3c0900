import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { ALICE_PROFILE } from '../../test-support/profile-api.ts';
import { approveDevice, completeBrowserLogin } from '../../test-support/provider-login.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  error?: string;
}

async function token(body: Record<string, string>): Promise<{ status: number; json: Tokens }> {
  const response = await fetch(servers.provider.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({ client_id: servers.provider.clients.native.clientId, ...body }),
  });
  return { status: response.status, json: (await response.json()) as Tokens };
}

function authorizationUrl(params: Record<string, string>): string {
  const url = new URL(servers.provider.authorizationEndpoint);
  url.search = new URLSearchParams({
    client_id: servers.provider.clients.native.clientId,
    response_type: 'code',
    scope: 'openid email profile read',
    state: 'state-1',
    ...params,
  }).toString();
  return url.href;
}

describe('CLI login against the test provider', () => {
  async function codeLogin(params: Record<string, string>) {
    const verifier = randomBytes(32).toString('base64url');
    const redirectUri = 'http://127.0.0.1:49152/callback'; // registered without a port
    const outcome = await completeBrowserLogin(
      authorizationUrl({
        redirect_uri: redirectUri,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        ...params,
      }),
    );
    const callback = outcome.redirect!;
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    expect(callback.searchParams.get('state')).toBe('state-1');
    expect(callback.searchParams.get('iss')).toBe(servers.provider.issuer);
    return token({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
  }

  it('is strict (OpenID Connect Core §11): no refresh token without offline_access, nor for offline_access without prompt=consent', async () => {
    const plain = await codeLogin({});
    expect(plain.status).toBe(200);
    expect(plain.json.refresh_token).toBeUndefined();
    const noConsent = await codeLogin({ scope: 'openid read offline_access' });
    expect(noConsent.status).toBe(200);
    expect(noConsent.json.refresh_token).toBeUndefined();
  });

  it('authorization code + PKCE on any loopback port yields API and ID tokens and a rotating refresh token', async () => {
    const exchanged = await codeLogin({
      scope: 'openid email profile read offline_access',
      prompt: 'consent',
    });
    expect(exchanged.status).toBe(200);
    const { access_token: access, id_token: id, refresh_token: refresh } = exchanged.json;
    expect(decodeJwt(access)).toMatchObject({
      sub: 'alice',
      aud: servers.provider.resources.api,
      scope: 'read',
    });
    expect(decodeJwt(id!)).toMatchObject({
      sub: 'alice',
      email: servers.provider.user.email,
      name: servers.provider.user.name,
    });
    expect(
      await (await fetch(servers.api.profileUrl, { headers: { authorization: `Bearer ${access}` } })).json(),
    ).toEqual(ALICE_PROFILE);

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: refresh! });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).toBeDefined();
    expect(refreshed.json.refresh_token).not.toBe(refresh);
    const replayed = await token({ grant_type: 'refresh_token', refresh_token: refresh! });
    expect(replayed.json.error).toBe('invalid_grant');
  });

  it('refuses a login without PKCE', async () => {
    const outcome = await completeBrowserLogin(
      authorizationUrl({ redirect_uri: 'http://127.0.0.1:50000/callback' }),
    );
    expect(outcome.redirect!.searchParams.get('error')).toBe('invalid_request');
  });

  it('device flow: pending until alice approves, then tokens', async () => {
    const response = await fetch(servers.provider.deviceAuthorizationEndpoint, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: servers.provider.clients.native.clientId,
        scope: 'openid read offline_access',
      }),
    });
    const device = (await response.json()) as { device_code: string; verification_uri_complete: string };
    const poll = () =>
      token({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code });

    expect((await poll()).json.error).toBe('authorization_pending');
    const approval = await approveDevice(device.verification_uri_complete);
    expect(approval.page?.html).toContain('Sign-in Success');
    const done = await poll();
    expect(done.status).toBe(200);
    expect(decodeJwt(done.json.access_token)).toMatchObject({
      sub: 'alice',
      aud: servers.provider.resources.api,
    });
    expect(done.json.refresh_token).toBeDefined();
  });

  it('registers clients dynamically without an initial access token', async () => {
    const response = await fetch(servers.provider.registrationEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      client_id: expect.any(String),
      application_type: 'native',
    });
  });

  it('left no server errors behind', () => {
    expect(servers.provider.serverErrors).toEqual([]);
  });
});
