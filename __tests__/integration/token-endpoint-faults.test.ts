import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { isSecret, registerSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { clientAuthentication } from '../../src/oauth/client-auth.ts';
import { clientCredentials } from '../../src/oauth/client-credentials-grant.ts';
import { discover, serverFromTokenEndpoint } from '../../src/oauth/discovery.ts';
import { loadPrivateKey } from '../../src/oauth/private-key.ts';
import { refreshTokens } from '../../src/oauth/refresh.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { type Behaviour, fault } from '../../test-support/fault-front.ts';
import { generateTestKeyPair } from '../../test-support/keys.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

// The token endpoint misbehaving: broken bodies are protocol errors (exit 3), refusals are
// auth errors (exit 4), and nothing the server echoes back leaks a secret.

const SECRET = 'fault-front-s3cret:%+/= &x';
const noWait = { retries: 0, timeoutMs: 5000, sleep: async () => {} };
const front = useFaultFront();
afterEach(() => resetSecretsForTest());

function request(opts: { scope?: string; transport?: object } = {}) {
  // Registered where it enters, as a face does (flag, input, variable); client-auth adds its wire forms.
  registerSecret(SECRET);
  const { auth } = clientAuthentication({ clientId: 'ci-client', clientSecret: SECRET });
  return clientCredentials({
    server: serverFromTokenEndpoint(`${front.url}/token`),
    clientId: 'ci-client',
    clientAuth: auth,
    transport: { ...noWait, ...opts.transport },
    ...(opts.scope ? { scope: opts.scope } : {}),
  });
}

async function failsWith(behaviour: Behaviour, exitCode: number, message: RegExp | string) {
  front.enqueue(behaviour);
  const err = await rejection(request());
  expect(err.exitCode).toBe(exitCode);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
  return err;
}

const token = { access_token: 'at-from-fault-front-123', token_type: 'Bearer', expires_in: 300 };

describe('invalid token responses are protocol errors (exit 3)', () => {
  it('an HTML page', () =>
    failsWith(
      fault.text(200, '<html><body>Sign in</body></html>', 'text/html'),
      3,
      /^Expected JSON from the token endpoint, got text\/html \(HTTP 200\)/,
    ));
  it('truncated JSON', () => failsWith(fault.truncatedJson(), 3, /sent invalid JSON \(HTTP 200\)/));
  it('a JSON array', () =>
    failsWith(fault.json(200, [token]), 3, /returned a JSON array \(HTTP 200\); expected an object/));
  it('no access_token', () =>
    failsWith(
      fault.json(200, { token_type: 'Bearer' }),
      3,
      "The token endpoint's response (HTTP 200) has no access_token.",
    ));
  it('a negative expires_in', () =>
    failsWith(fault.json(200, { ...token, expires_in: -5 }), 3, /invalid expires_in \(-5\)/));
  it('a non-numeric string expires_in', () =>
    failsWith(fault.json(200, { ...token, expires_in: 'soon' }), 3, /invalid expires_in \("soon"\)/));
  it('a token type it cannot use', () =>
    failsWith(fault.json(200, { ...token, token_type: 'mac' }), 3, /token of type "mac"/));

  it('registers the access token as a secret even when the response is then refused', async () => {
    await failsWith(fault.json(200, { ...token, expires_in: -1 }), 3, /expires_in/);
    expect(isSecret(token.access_token)).toBe(true);
  });
});

describe('requests sent only once', () => {
  it('a redirect answering a refresh is refused, naming only the host (exit 3)', async () => {
    front.enqueue(fault.redirect('http://127.0.0.1:9/steal?rt=leak', 302));
    const err = await rejection(
      refreshTokens({
        server: serverFromTokenEndpoint(`${front.url}/token`),
        clientId: 'cli-native',
        refreshToken: 'refresh-token-for-the-redirect-test',
        transport: noWait,
      }),
    );
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/redirected \(HTTP 302\) to another location \(127\.0\.0\.1:9\)/);
    expect(err.describe()).not.toMatch(/steal|leak/);
    expect(front.requests).toHaveLength(1);
  });
});

describe('tolerated shapes', () => {
  it('a quoted numeric expires_in, a lower-case bearer, and N_A', async () => {
    front.enqueue(
      fault.json(200, { ...token, expires_in: '3600', token_type: 'bearer' }),
      fault.json(200, { ...token, token_type: 'N_A' }),
    );
    const first = await request();
    expect(first.tokenType).toBe('bearer');
    expect(first.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect((await request()).tokenType).toBe('N_A');
  });
});

describe('refusals', () => {
  it('invalid_scope names the requested scope (exit 4)', async () => {
    front.enqueue(
      fault.json(400, { error: 'invalid_scope', error_description: 'requested scope is not allowed' }),
    );
    const err = await rejection(request({ scope: 'read admin' }));
    expect(err.exitCode).toBe(4);
    expect(err.message).toContain('rejected the requested scope "read admin" (invalid_scope)');
    expect(err.hint).toContain('--scope');
  });

  it('a 401 without JSON is still an auth error (exit 4)', () =>
    failsWith(
      fault.text(401, 'Unauthorized', 'text/plain'),
      4,
      /refused the client \(HTTP 401, text\/plain\)/,
    ));

  it('unsupported_grant_type (exit 4)', () =>
    failsWith(
      fault.json(400, { error: 'unsupported_grant_type' }),
      4,
      /does not support the client_credentials grant/,
    ));
});

describe('nothing the server echoes leaks the secret', () => {
  const echoes = SECRET;
  it('in an OAuth error_description', async () => {
    const err = await failsWith(
      fault.json(400, { error: 'invalid_client', error_description: `client_secret ${echoes} is wrong` }),
      4,
      /invalid_client/,
    );
    assertNoLeaks({ secrets: [SECRET], texts: { error: err.describe() } });
    expect(err.message).toContain('client_secret *** is wrong');
  });

  it('in a text body, and in its form-encoded shape', async () => {
    const encoded = new URLSearchParams({ s: SECRET }).toString().slice(2);
    const err = await failsWith(
      fault.text(400, `bad request: client_secret=${encoded} raw=${echoes}`, 'text/plain'),
      3,
      /^Expected JSON from the token endpoint, got text\/plain \(HTTP 400\)/,
    );
    assertNoLeaks({ secrets: [SECRET], texts: { error: err.describe() } });
    expect(err.describe()).not.toContain(encoded);
  });

  it('a long description is cut short', async () => {
    const err = await failsWith(
      fault.json(400, { error: 'invalid_request', error_description: 'x'.repeat(5000) }),
      3,
      /invalid_request/,
    );
    expect(err.message.length).toBeLessThan(400);
  });
});

describe('retries', () => {
  it('5xx twice then a token: succeeds, three requests', async () => {
    front.enqueue(
      fault.json(503, { error: 'temporarily_unavailable' }),
      fault.text(502, '<html/>', 'text/html'),
      fault.json(200, token),
    );
    const got = await request({ transport: { retries: 2 } });
    expect(got.accessToken).toBe(token.access_token);
    expect(front.requests).toHaveLength(3);
  });

  it('5xx until the retries run out is unavailable (exit 5)', async () => {
    front.enqueue(
      ...Array.from({ length: 2 }, () => fault.text(502, '<html>Bad gateway</html>', 'text/html')),
    );
    const err = await rejection(request({ transport: { retries: 1 } }));
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain('HTTP 502 on all 2 attempts');
  });

  it('a retried private_key_jwt request signs a fresh assertion (new jti)', async () => {
    const pair = await generateTestKeyPair('ES256', 'retry-key');
    const key = await loadPrivateKey(pair.privatePem);
    const { auth } = clientAuthentication({ clientId: 'ci-client', privateKey: key });
    front.enqueue(fault.json(503, { error: 'temporarily_unavailable' }), fault.json(200, token));
    await clientCredentials({
      server: serverFromTokenEndpoint(`${front.url}/token`, 'https://idp.example.test'),
      clientId: 'ci-client',
      clientAuth: auth,
      transport: { ...noWait, retries: 1 },
    });
    const claims = front.requests.map((r) => decodeJwt(new URLSearchParams(r.body).get('client_assertion')!));
    expect(claims).toHaveLength(2);
    expect(claims[0]!.aud).toBe('https://idp.example.test');
    expect(claims[0]!.jti).not.toBe(claims[1]!.jti);
  });
});

describe('discovery', () => {
  it('falls back to RFC 8414 metadata when there is no OpenID configuration', async () => {
    const metadata = { issuer: front.url, token_endpoint: `${front.url}/token` };
    front.enqueue(fault.json(404, { error: 'not_found' }), fault.json(200, metadata));
    const server = await discover(front.url, noWait);
    expect(server.token_endpoint).toBe(`${front.url}/token`);
    expect(front.requests.map((r) => r.path)).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server',
    ]);
  });

  it('no document at either place is exit 3 with what to do', async () => {
    front.enqueue(fault.json(404, {}), fault.text(404, 'nope', 'text/plain'));
    const err = await rejection(discover(front.url, noWait));
    expect(err.exitCode).toBe(3);
    expect(err.hint).toContain('--token-endpoint');
  });

  it('an HTML page instead of metadata is exit 3', async () => {
    front.enqueue(fault.text(200, '<html>portal</html>', 'text/html'));
    const err = await rejection(discover(front.url, noWait));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(
      /Expected JSON from the issuer's discovery document .* got text\/html \(HTTP 200\)/,
    );
  });
});
