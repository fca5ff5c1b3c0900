/**
 * Signing keys for the test provider and its private_key_jwt client, in every shape a test
 * or the CLI might be handed one: a WebCrypto key to sign with, JWKs, and PEM.
 */

import type { CryptoKey, JWK } from 'jose';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';

export type TestSigningAlg = 'ES256' | 'RS256' | 'EdDSA';

export interface TestKeyPair {
  alg: TestSigningAlg;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Private JWK with kid, alg and use — what oidc-provider's `jwks` option and importJWK take. */
  privateJwk: JWK;
  publicJwk: JWK;
  /** PKCS#8, the form a user pastes into a `private-key` input. */
  privatePem: string;
  publicPem: string;
}

export async function generateTestKeyPair(alg: TestSigningAlg, kid: string): Promise<TestKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  const meta = { kid, alg, use: 'sig' };
  return {
    alg,
    kid,
    privateKey,
    publicKey,
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
    privatePem: await exportPKCS8(privateKey),
    publicPem: await exportSPKI(publicKey),
  };
}

export interface TestKeys {
  /** The provider's own signing keys; RS256 first because ID tokens default to RS256. */
  provider: { rs256: TestKeyPair; es256: TestKeyPair; eddsa: TestKeyPair };
  /** The keys the `cc-jwt` client signs its assertions with. */
  client: { es256: TestKeyPair; rs256: TestKeyPair };
}

// RSA generation costs tens of milliseconds per key; one set per process keeps suites that
// start many providers fast. Issuers differ per provider, so a token from one still fails at
// another on `iss`.
let cached: Promise<TestKeys> | undefined;

export function testKeys(): Promise<TestKeys> {
  cached ??= (async () => ({
    provider: {
      rs256: await generateTestKeyPair('RS256', 'provider-rs256'),
      es256: await generateTestKeyPair('ES256', 'provider-es256'),
      eddsa: await generateTestKeyPair('EdDSA', 'provider-eddsa'),
    },
    client: {
      es256: await generateTestKeyPair('ES256', 'cc-jwt-es256'),
      rs256: await generateTestKeyPair('RS256', 'cc-jwt-rs256'),
    },
  }))();
  return cached;
}
