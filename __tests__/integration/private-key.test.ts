import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { clientAuthentication } from '../../src/oauth/client-auth.ts';
import { clientCredentials } from '../../src/oauth/client-credentials-grant.ts';
import { serverFromTokenEndpoint } from '../../src/oauth/discovery.ts';
import { loadPrivateKey } from '../../src/oauth/private-key.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { fault } from '../../test-support/fault-front.ts';
import { generateTestKeyPair } from '../../test-support/keys.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

// Loading the private_key_jwt key: every shape users paste, and every mistake caught as a
// usage error (exit 2) before a single byte goes to the token endpoint.

const front = useFaultFront();
afterEach(() => resetSecretsForTest());

type KeyType = 'ec' | 'dsa' | 'x25519' | 'ed25519';
// One untyped entry point: the overloads of generateKeyPairSync cannot take a type union.
const generate = generateKeyPairSync as unknown as (
  type: KeyType,
  options: object,
) => {
  privateKey: KeyObject;
  publicKey: KeyObject;
};
const pem = (type: KeyType, options: object, which: 'private' | 'public' = 'private') => {
  const pair = generate(type, options);
  return which === 'private'
    ? pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    : pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
};

/** What a caller does: load the key, and only then build the request. */
async function mintWith(text: string) {
  const key = await loadPrivateKey(text);
  const { auth } = clientAuthentication({ clientId: 'ci-client', privateKey: key });
  return clientCredentials({
    server: serverFromTokenEndpoint(`${front.url}/token`),
    clientId: 'ci-client',
    clientAuth: auth,
    transport: { retries: 0 },
  });
}

const unusable: [string, () => Promise<string> | string, RegExp][] = [
  ['a value that is not a key', () => 'my-client-secret-by-mistake', /is not a private key/],
  [
    'a public key PEM',
    () => pem('ec', { namedCurve: 'P-256' }, 'public'),
    /is a public key, not a private key/,
  ],
  [
    'a certificate-looking PEM',
    () => '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    /certificate/,
  ],
  [
    'a broken PEM',
    () => '-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----',
    /not a readable private key/,
  ],
  ['a DSA key', () => pem('dsa', { modulusLength: 2048, divisorLength: 224 }), /DSA key, which cannot sign/],
  ['an X25519 key', () => pem('x25519', {}), /X25519 key, which cannot sign/],
  ['a secp256k1 key', () => pem('ec', { namedCurve: 'secp256k1' }), /EC secp256k1 key/],
  [
    'a symmetric oct JWK',
    () => JSON.stringify({ kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ' }),
    /symmetric \(oct\) JWK/,
  ],
  [
    'a public JWK',
    async () => JSON.stringify((await generateTestKeyPair('ES256', 'pub')).publicJwk),
    /is a public JWK \(it has no "d"\)/,
  ],
  ['JSON that is not a JWK', () => '["a"]', /not a JWK object/],
  ['invalid JSON', () => '{"kty": "EC",', /not valid JSON/],
  [
    'an encrypted PEM',
    () => '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----',
    /encrypted private key/,
  ],
];

describe('unusable keys are usage errors (exit 2) and nothing is sent', () => {
  for (const [name, make, message] of unusable) {
    it(name, async () => {
      const text = await make();
      const err = await rejection(mintWith(text));
      expect(err.exitCode).toBe(2);
      expect(err.message).toMatch(message);
      expect(err.hint).toMatch(/PKCS#8 PEM|openssl/);
      expect(err.describe()).not.toContain(text.trim().split('\n')[1] ?? text);
      expect(front.requests).toHaveLength(0);
      expect(front.connections()).toBe(0);
    });
  }
});

describe('usable key shapes', () => {
  it('registers the whole key and each line as secrets before anything else', async () => {
    const pair = await generateTestKeyPair('RS256', 'rsa');
    await loadPrivateKey(pair.privatePem);
    expect(isSecret(pair.privatePem)).toBe(true);
    for (const line of pair.privatePem.split('\n').filter((l) => l.length > 10 && !l.startsWith('-----'))) {
      expect(isSecret(line)).toBe(true);
    }
  });

  it('registers the private members of a JWK', async () => {
    const pair = await generateTestKeyPair('ES256', 'ec');
    await loadPrivateKey(JSON.stringify(pair.privateJwk));
    expect(isSecret(String(pair.privateJwk.d))).toBe(true);
  });

  it('PKCS#1 and SEC1 PEM, a one-line PEM with \\n escapes, a one-key JWK set', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const sec1 = ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect((await loadPrivateKey(pkcs1)).alg).toBe('RS256');
    expect((await loadPrivateKey(sec1)).alg).toBe('ES384');
    expect((await loadPrivateKey(pkcs1.trim().replace(/\n/g, '\\n'))).alg).toBe('RS256');
    const jwk = (await generateTestKeyPair('ES256', 'set-key')).privateJwk;
    const fromSet = await loadPrivateKey(JSON.stringify({ keys: [jwk] }));
    expect(fromSet).toMatchObject({ alg: 'ES256', kid: 'set-key' });
  });

  it('Ed25519 signs as EdDSA; a JWK alg wins over the key type', async () => {
    front.enqueue(
      fault.json(200, { access_token: 'at-ed25519-0001', token_type: 'Bearer' }),
      fault.json(200, { access_token: 'at-ps256-00001', token_type: 'Bearer' }),
    );
    await mintWith(pem('ed25519', {}));
    const rsa = await generateTestKeyPair('RS256', 'pss');
    await mintWith(JSON.stringify({ ...rsa.privateJwk, alg: 'PS256' }));
    const headers = front.requests.map((r) =>
      decodeProtectedHeader(new URLSearchParams(r.body).get('client_assertion')!),
    );
    expect(headers.map((h) => h.alg)).toEqual(['EdDSA', 'PS256']);
    expect(headers[1]!.kid).toBe('pss');
  });
});

describe('choosing the client authentication', () => {
  it('refuses a secret and a key together without --client-auth, and an unknown method', async () => {
    const key = await loadPrivateKey((await generateTestKeyPair('ES256', 'k')).privatePem);
    const both = () => clientAuthentication({ clientId: 'c', clientSecret: 'secret-value', privateKey: key });
    expect(both).toThrow(/Both a client secret and a private key/);
    expect(
      clientAuthentication({
        clientId: 'c',
        clientSecret: 'secret-value',
        privateKey: key,
        method: 'private_key_jwt',
      }).method,
    ).toBe('private_key_jwt');
    expect(() =>
      clientAuthentication({ clientId: 'c', clientSecret: 'secret-value', method: 'tls_client_auth' }),
    ).toThrow(/Unknown client authentication method/);
    expect(() => clientAuthentication({ clientId: 'c', method: 'client_secret_post' })).toThrow(
      /No client secret/,
    );
  });
});
