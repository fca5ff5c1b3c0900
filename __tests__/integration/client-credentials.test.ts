import { decodeJwt, decodeProtectedHeader } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isSecret, resetSecretsForTest, scrub } from '../../src/core/secrets.ts';
import { basicCredentials, clientAuthentication } from '../../src/oauth/client-auth.ts';
import { clientCredentials } from '../../src/oauth/client-credentials-grant.ts';
import { discover, serverFromTokenEndpoint } from '../../src/oauth/discovery.ts';
import { loadPrivateKey } from '../../src/oauth/private-key.ts';
import { revokeToken } from '../../src/oauth/revoke.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { scanForLeaks } from '../../test-support/leak-scanner.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import { CC_BASIC_SECRET } from '../../test-support/provider-clients.ts';

// Client credentials against a real oidc-provider: every client authentication method,
// what reaches the server, and how many requests it takes.

const transport = { retries: 0, timeoutMs: 5000 };
let provider: TestProvider;

beforeAll(async () => {
  provider = await startProvider();
});
afterAll(async () => {
  await provider.close();
});
afterEach(() => {
  provider.resetRecords();
  resetSecretsForTest();
});

function secretClient(name: 'basic' | 'post', method?: string) {
  const c = provider.clients[name];
  return clientAuthentication({ clientId: c.clientId, clientSecret: c.clientSecret, method });
}

describe('client authentication', () => {
  it('client_secret_basic form-encodes a secret with : % + / = & and a space, and masks the header', async () => {
    const { auth, method } = secretClient('basic');
    expect(method).toBe('client_secret_basic');
    const server = await discover(provider.issuer, transport);
    const token = await clientCredentials({ server, clientId: 'cc-basic', clientAuth: auth, transport });

    expect(token.accessToken).toMatch(/^ey/);
    expect(token.tokenType.toLowerCase()).toBe('bearer');
    expect(token.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 500_000);
    expect(isSecret(token.accessToken)).toBe(true);
    const sent = provider.lastTokenRequest()!;
    expect(sent.status).toBe(200);
    const header = `Basic ${basicCredentials('cc-basic', CC_BASIC_SECRET)}`;
    expect(sent.headers.authorization).toBe(header);
    // Base64 of the form-encoded pair, not of the raw secret (which would decode differently).
    expect(Buffer.from(header.slice(6), 'base64').toString()).toBe(
      'cc-basic:b4sic%3As3cr%2541t%2B%2F%3D+%26Zq9%7Ex',
    );
    // Masked through the secret's own forms (base64 of its form encoding at each alignment):
    // what is left is the client id's part and a few bits either side, never the secret.
    expect(scrub(`header ${header}`)).not.toContain(header.slice(6));
    expect(scanForLeaks({ secrets: { secret: CC_BASIC_SECRET }, texts: { header: scrub(header) } })).toEqual(
      [],
    );
    expect(sent.form?.client_secret).toBeUndefined();
  });

  it('client_secret_post sends id and secret in the body', async () => {
    const { auth } = secretClient('post', 'client_secret_post');
    const server = serverFromTokenEndpoint(provider.tokenEndpoint, provider.issuer);
    const token = await clientCredentials({ server, clientId: 'cc-post', clientAuth: auth, transport });
    expect(token.accessToken).toBeTruthy();
    const sent = provider.lastTokenRequest()!;
    expect(sent.form?.client_secret).toBe(provider.clients.post.clientSecret);
    expect(sent.headers.authorization).toBeUndefined();
  });

  const keyForms = [
    ['ES256', 'PEM'],
    ['ES256', 'JWK'],
    ['RS256', 'PEM'],
    ['RS256', 'JWK'],
  ] as const;
  for (const [alg, form] of keyForms) {
    it(`private_key_jwt with an ${alg} ${form} key: iss = sub = client, aud = issuer, short exp, fresh jti`, async () => {
      const pair = alg === 'ES256' ? provider.keys.client.es256 : provider.keys.client.rs256;
      const text = form === 'PEM' ? pair.privatePem : JSON.stringify(pair.privateJwk);
      const key = await loadPrivateKey(text);
      expect(key.alg).toBe(alg);
      const { auth, method } = clientAuthentication({ clientId: 'cc-jwt', privateKey: key });
      expect(method).toBe('private_key_jwt');
      const server = await discover(provider.issuer, transport);

      await clientCredentials({ server, clientId: 'cc-jwt', clientAuth: auth, transport });
      await clientCredentials({ server, clientId: 'cc-jwt', clientAuth: auth, transport });

      const assertions = provider.tokenRequests().map((r) => String(r.form?.client_assertion));
      expect(provider.tokenRequests().map((r) => r.status)).toEqual([200, 200]);
      const claims = assertions.map((a) => decodeJwt(a));
      expect(decodeProtectedHeader(assertions[0]!).alg).toBe(alg);
      for (const c of claims) {
        expect(c).toMatchObject({ iss: 'cc-jwt', sub: 'cc-jwt', aud: provider.issuer });
        expect(c.exp! - c.iat!).toBeLessThanOrEqual(60);
      }
      expect(claims[0]!.jti).not.toBe(claims[1]!.jti);
      expect(isSecret(pair.privatePem.split('\n')[1]!)).toBe(form === 'PEM');
    });
  }
});

describe('request parameters', () => {
  it('sends scope, each resource, audience and extra params', async () => {
    const { auth } = secretClient('basic');
    const server = serverFromTokenEndpoint(provider.tokenEndpoint, provider.issuer);
    const token = await clientCredentials({
      server,
      clientId: 'cc-basic',
      clientAuth: auth,
      scope: '  read   write ',
      resource: [provider.resources.reports],
      audience: 'reports',
      extraParams: { requested_ttl: '120' },
      transport,
    });
    const form = provider.lastTokenRequest()!.form!;
    expect(form).toMatchObject({
      grant_type: 'client_credentials',
      scope: 'read write',
      resource: provider.resources.reports,
      audience: 'reports',
      requested_ttl: '120',
    });
    expect(token.scope).toBe('read write');
    expect(decodeJwt(token.accessToken).aud).toBe(provider.resources.reports);
  });

  it('repeats resource for each indicator (RFC 8707)', async () => {
    const { auth } = secretClient('basic');
    const server = serverFromTokenEndpoint(provider.tokenEndpoint, provider.issuer);
    // oidc-provider issues one token per resource and refuses two at once; what matters is the wire.
    await clientCredentials({
      server,
      clientId: 'cc-basic',
      clientAuth: auth,
      resource: [provider.resources.api, provider.resources.reports],
      transport,
    }).catch(() => undefined);
    expect(provider.lastTokenRequest()!.form!.resource).toEqual([
      provider.resources.api,
      provider.resources.reports,
    ]);
  });

  it('refuses --param that would override client authentication, before any request', async () => {
    const { auth } = secretClient('basic');
    const server = serverFromTokenEndpoint(provider.tokenEndpoint);
    const err = await rejection(
      clientCredentials({
        server,
        clientId: 'cc-basic',
        clientAuth: auth,
        extraParams: { client_id: 'x' },
        transport,
      }),
    );
    expect(err.exitCode).toBe(2);
    expect(provider.requests).toHaveLength(0);
  });
});

describe('discovery and request counts', () => {
  it('with an issuer: one discovery request and one token request', async () => {
    const { auth } = secretClient('basic');
    const server = await discover(provider.issuer, transport);
    await clientCredentials({ server, clientId: 'cc-basic', clientAuth: auth, transport });
    expect(provider.requests.map((r) => r.path)).toEqual(['/.well-known/openid-configuration', '/token']);
  });

  it('with a token endpoint: exactly one request', async () => {
    const { auth } = secretClient('basic');
    await clientCredentials({
      server: serverFromTokenEndpoint(provider.tokenEndpoint),
      clientId: 'cc-basic',
      clientAuth: auth,
      transport,
    });
    expect(provider.requests.map((r) => r.path)).toEqual(['/token']);
  });

  it('an issuer that is not the one the document names is a protocol error (exit 3)', async () => {
    const configured = provider.issuer.replace('127.0.0.1', 'localhost');
    const err = await rejection(discover(configured, transport));
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe(
      `The issuer in the discovery document (${provider.issuer}) is not the configured issuer (${configured}).`,
    );
  });
});

describe('refusals', () => {
  it('a wrong secret is invalid_client (exit 4) and names what to check', async () => {
    const { auth } = clientAuthentication({ clientId: 'cc-basic', clientSecret: 'not-the-secret' });
    const server = serverFromTokenEndpoint(provider.tokenEndpoint);
    // Retries allowed, yet a refused secret is asked exactly once: it must fail fast.
    const retrying = { ...transport, retries: 3 };
    const err = await rejection(
      clientCredentials({ server, clientId: 'cc-basic', clientAuth: auth, transport: retrying }),
    );
    expect(err.exitCode).toBe(4);
    expect(err.message).toContain('rejected the client credentials (invalid_client)');
    expect(err.hint).toContain('TOKENRELAY_CLIENT_ID');
    expect(provider.tokenRequests()).toHaveLength(1);
  });

  it('an unknown client is invalid_client (exit 4)', async () => {
    const { auth } = clientAuthentication({ clientId: 'no-such-client', clientSecret: 'whatever-secret' });
    const err = await rejection(
      clientCredentials({
        server: serverFromTokenEndpoint(provider.tokenEndpoint),
        clientId: 'no-such-client',
        clientAuth: auth,
        transport,
      }),
    );
    expect(err.exitCode).toBe(4);
    expect(err.message).toContain('invalid_client');
  });
});

describe('revocation', () => {
  it('revokes a minted token; introspection then says inactive', async () => {
    const { auth } = secretClient('basic');
    const server = await discover(provider.issuer, transport);
    const token = await clientCredentials({
      server,
      clientId: 'cc-basic',
      clientAuth: auth,
      resource: [provider.resources.opaque],
      scope: 'read',
      transport,
    });
    const result = await revokeToken({
      server,
      clientId: 'cc-basic',
      clientAuth: auth,
      token: token.accessToken,
      transport,
    });
    expect(result).toEqual({ ok: true, message: 'Token revoked.' });
    expect(provider.revoked).toEqual([token.accessToken]);

    const res = await oauth.introspectionRequest(server, { client_id: 'cc-basic' }, auth, token.accessToken, {
      [oauth.allowInsecureRequests]: true,
    });
    const info = await oauth.processIntrospectionResponse(server, { client_id: 'cc-basic' }, res);
    expect(info.active).toBe(false);
  });

  it('without a revocation endpoint it says so and does not throw', async () => {
    const { auth } = secretClient('basic');
    const result = await revokeToken({
      server: serverFromTokenEndpoint(provider.tokenEndpoint),
      clientId: 'cc-basic',
      clientAuth: auth,
      token: 'some-token-value',
      transport,
    });
    expect(result.ok).toBe(false);
    expect(result.message).toContain('no revocation endpoint');
    expect(provider.requests).toHaveLength(0);
  });
});
