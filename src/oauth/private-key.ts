import { createPrivateKey, type KeyObject } from 'node:crypto';
import { TokenRelayError } from '../core/errors.ts';
import { registerSecret, scrub } from '../core/secrets.ts';

/** A private key ready for oauth4webapi's PrivateKeyJwt, with the JWS alg it signs with. */
export interface ClientKey {
  key: CryptoKey;
  alg: string;
  kid?: string;
}

export interface LoadPrivateKeyOptions {
  /** Where the key came from, for messages: "TOKENRELAY_PRIVATE_KEY", "the private-key input". */
  source?: string;
  /** Overrides the JWK `kid` (or supplies one for a PEM key). */
  keyId?: string;
}

const SIGNING_ALGS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
]);
const CURVE_ALGS: Record<string, string> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;
const WHAT_TO_PROVIDE =
  'Provide an unencrypted PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) or a private JWK (JSON with "d") for an RSA, EC P-256/P-384 or Ed25519 key.';

/**
 * Loads the private_key_jwt signing key. Every failure is a usage error raised before any
 * request exists: a key that cannot sign is a configuration mistake, not a server problem.
 * Messages name the key's type, never its bytes.
 */
export async function loadPrivateKey(text: string, opts: LoadPrivateKeyOptions = {}): Promise<ClientKey> {
  registerSecret(text);
  const source = opts.source ?? 'TOKENRELAY_PRIVATE_KEY';
  // CI secret stores often keep a PEM as one line with literal "\n" escapes.
  // Registered again once unescaped, so each line of the key is masked on its own too.
  const value = registerSecret(
    (/\\n/.test(text) && !/\n/.test(text) ? text.replace(/\\n/g, '\n') : text).trim(),
  );
  if (value.startsWith('{') || value.startsWith('[')) return loadJwk(value, source, opts.keyId);
  if (value.includes('-----BEGIN')) return loadPem(value, source, opts.keyId);
  throw keyError(`${source} is not a private key.`);
}

async function loadJwk(text: string, source: string, keyId: string | undefined): Promise<ClientKey> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw keyError(`${source} looks like JSON but is not valid JSON, so it is not a usable JWK.`);
  }
  const jwk = singleKey(parsed, source);
  for (const member of PRIVATE_JWK_MEMBERS) {
    if (typeof jwk[member] === 'string') registerSecret(jwk[member]);
  }
  const kty = typeof jwk.kty === 'string' ? jwk.kty : undefined;
  if (kty === 'oct') {
    throw keyError(`${source} is a symmetric (oct) JWK; private_key_jwt needs an asymmetric private key.`);
  }
  if (typeof jwk.d !== 'string') throw keyError(`${source} is a public JWK (it has no "d").`);
  const alg = typeof jwk.alg === 'string' && jwk.alg ? jwk.alg : jwkAlg(kty, jwk.crv, source);
  if (!SIGNING_ALGS.has(alg))
    throw keyError(`${source} declares "alg": "${safe(alg)}", which cannot sign JWTs.`);
  const { importJWK } = await import(/* webpackMode: "eager" */ 'jose/key/import');
  let key: CryptoKey | Uint8Array;
  try {
    key = await importJWK(jwk as Parameters<typeof importJWK>[0], alg, { extractable: false });
  } catch (e) {
    throw keyError(
      `${source} could not be imported as a ${safe(kty ?? 'JWK')} key for ${alg}: ${reason(e)}.`,
    );
  }
  if (key instanceof Uint8Array) throw keyError(`${source} is a symmetric key.`);
  const kid = keyId ?? (typeof jwk.kid === 'string' ? jwk.kid : undefined);
  return kid ? { key, alg, kid } : { key, alg };
}

function singleKey(parsed: unknown, source: string): Record<string, unknown> {
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { keys?: unknown }).keys)) {
    const keys = (parsed as { keys: unknown[] }).keys.filter(
      (k): k is Record<string, unknown> => !!k && typeof k === 'object' && 'd' in k,
    );
    if (keys.length === 1) return keys[0]!;
    throw keyError(`${source} is a JWK set with ${keys.length} private keys; provide exactly one key.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw keyError(`${source} is JSON but not a JWK object.`);
  }
  return parsed as Record<string, unknown>;
}

function jwkAlg(kty: string | undefined, crv: unknown, source: string): string {
  if (kty === 'RSA') return 'RS256';
  if (kty === 'EC' && typeof crv === 'string' && CURVE_ALGS[crv]) return CURVE_ALGS[crv];
  if (kty === 'OKP' && crv === 'Ed25519') return 'EdDSA';
  const what = [kty, typeof crv === 'string' ? crv : undefined].filter(Boolean).join(' ') || 'unknown type';
  throw keyError(`${source} is a JWK of a type that cannot sign private_key_jwt assertions (${safe(what)}).`);
}

async function loadPem(text: string, source: string, keyId: string | undefined): Promise<ClientKey> {
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? '';
  if (/PUBLIC KEY|CERTIFICATE/.test(label)) {
    throw keyError(`${source} is a ${label.toLowerCase()}, not a private key.`);
  }
  if (label.includes('ENCRYPTED')) {
    throw keyError(
      `${source} is an encrypted private key; tokenrelay cannot ask for its passphrase.`,
      'Decrypt it first: openssl pkcs8 -topk8 -nocrypt -in key.pem',
    );
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw keyError(`${source} has a PEM header but is not a readable private key.`);
  }
  const alg = pemAlg(keyObject, source);
  // PKCS#1 ("RSA PRIVATE KEY") and SEC1 ("EC PRIVATE KEY") are re-wrapped as PKCS#8, the
  // one form WebCrypto imports; users paste whatever openssl gave them.
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'pem' }).toString();
  registerSecret(pkcs8);
  const { importPKCS8 } = await import(/* webpackMode: "eager" */ 'jose/key/import');
  let key: CryptoKey;
  try {
    key = await importPKCS8(pkcs8, alg, { extractable: false });
  } catch (e) {
    throw keyError(`${source} could not be imported for ${alg}: ${reason(e)}.`);
  }
  return keyId ? { key, alg, kid: keyId } : { key, alg };
}

function pemAlg(keyObject: KeyObject, source: string): string {
  const type = keyObject.asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ed25519') return 'EdDSA';
  const curve = keyObject.asymmetricKeyDetails?.namedCurve;
  if (type === 'ec' && curve && CURVE_ALGS[curve]) return CURVE_ALGS[curve];
  const what = [type === 'rsa-pss' ? 'RSA-PSS' : type?.toUpperCase(), curve].filter(Boolean).join(' ');
  throw keyError(`${source} is a ${what || 'private'} key, which cannot sign private_key_jwt assertions.`);
}

function keyError(message: string, hint = WHAT_TO_PROVIDE): TokenRelayError {
  return new TokenRelayError('usage', message, hint);
}

/** Library messages about a key never contain key material, but keep them short and plain. */
function reason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return safe(scrub(text).replace(/\.$/, ''));
}

function safe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '').slice(0, 80);
}
