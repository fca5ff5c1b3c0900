/**
 * The assertion `--grant jwt-bearer` signs, checked with jose against the public key alone
 * (no provider's opinion), and its renewal on a retry: a server that saw one jti must never
 * see it again.
 */
import { decodeJwt, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { NoClientAuth } from '../../src/oauth/client-assertion.ts';
import { serverFromTokenEndpoint } from '../../src/oauth/discovery.ts';
import { ASSERTION_LIFETIME_SECONDS, jwtBearer, signAssertion } from '../../src/oauth/jwt-bearer.ts';
import { loadPrivateKey } from '../../src/oauth/private-key.ts';
import { fault } from '../../test-support/fault-front.ts';
import { generateTestKeyPair } from '../../test-support/keys.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

const front = useFaultFront();
afterEach(() => resetSecretsForTest());

describe('a locally signed RFC 7523 assertion', () => {
  it('verifies against the public key with the configured iss/sub/aud, a 5-minute life, and is a secret', async () => {
    const pair = await generateTestKeyPair('ES256', 'svc-key-1');
    const key = await loadPrivateKey(JSON.stringify(pair.privateJwk));
    const jwt = await signAssertion({
      key,
      issuer: 'robot@svc.example',
      subject: 'alice',
      audience: 'https://idp.example/token',
      scope: 'read write',
    });
    const { payload, protectedHeader } = await jwtVerify(jwt, pair.publicKey, {
      issuer: 'robot@svc.example',
      subject: 'alice',
      audience: 'https://idp.example/token',
    });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: 'svc-key-1', typ: 'JWT' });
    expect(payload.exp! - payload.iat!).toBe(ASSERTION_LIFETIME_SECONDS);
    expect(payload.scope).toBe('read write');
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(isSecret(jwt)).toBe(true);
  });

  it('a retried grant carries a freshly signed assertion (new jti)', async () => {
    const pair = await generateTestKeyPair('RS256', 'svc-key-2');
    const key = await loadPrivateKey(pair.privatePem);
    front.enqueue(
      fault.json(503, { error: 'temporarily_unavailable' }),
      fault.json(200, { access_token: 'at-after-retry-0123456789', token_type: 'Bearer', expires_in: 60 }),
    );
    const audience = `${front.url}/token`;
    const token = await jwtBearer({
      server: serverFromTokenEndpoint(audience),
      client: { client_id: 'svc' },
      clientAuth: NoClientAuth,
      transport: { retries: 1, timeoutMs: 5000, sleep: async () => {} },
      assertion: () => signAssertion({ key, issuer: 'svc', subject: 'svc', audience }),
    });
    expect(token.accessToken).toBe('at-after-retry-0123456789');
    const sent = front.requests.map((r) => new URLSearchParams(r.body));
    expect(sent.map((f) => f.get('grant_type'))).toEqual([
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
    ]);
    const [a, b] = sent.map((f) => decodeJwt(f.get('assertion')!));
    expect(a?.jti).not.toBe(b?.jti);
    expect(a?.aud).toBe(audience);
  });
});
