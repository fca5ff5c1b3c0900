/**
 * Reference client-side steps against the test provider, written out by hand so tests of
 * other parts (the profile API, export, the post step) can get a real token without going
 * through the code under test.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TestKeyPair } from './keys.ts';
import type { TestProvider } from './provider.ts';

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64'd. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const form = (v: string) => new URLSearchParams({ v }).toString().slice(2);
  return 'Basic ' + Buffer.from(`${form(clientId)}:${form(clientSecret)}`).toString('base64');
}

export interface AssertionOptions {
  /** Default: the issuer. oidc-provider also accepts the token endpoint URL. */
  audience?: string;
  jti?: string;
  lifetimeSeconds?: number;
}

/** A private_key_jwt client assertion (RFC 7523): iss = sub = client_id. */
export function clientAssertion(
  provider: TestProvider,
  key: TestKeyPair,
  options: AssertionOptions = {},
): Promise<string> {
  const clientId = provider.clients.jwt.clientId;
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(options.audience ?? provider.issuer)
    .setJti(options.jti ?? randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${options.lifetimeSeconds ?? 60}s`)
    .sign(key.privateKey);
}

export type ClientName = 'basic' | 'post' | 'jwt';

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

/** Client credentials for one of the provider's machine clients; throws on any error. */
export async function clientCredentialsToken(
  provider: TestProvider,
  client: ClientName,
  params: { scope?: string; resource?: string } = {},
): Promise<TokenResponse> {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (params.scope) body.set('scope', params.scope);
  if (params.resource) body.set('resource', params.resource);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };

  if (client === 'basic') {
    const { clientId, clientSecret } = provider.clients.basic;
    headers.authorization = basicAuthorization(clientId, clientSecret);
  } else if (client === 'post') {
    body.set('client_id', provider.clients.post.clientId);
    body.set('client_secret', provider.clients.post.clientSecret);
  } else {
    body.set('client_id', provider.clients.jwt.clientId);
    body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    body.set('client_assertion', await clientAssertion(provider, provider.clients.jwt.keys.es256));
  }

  const response = await fetch(provider.tokenEndpoint, { method: 'POST', headers, body });
  const json = (await response.json()) as TokenResponse & { error?: string };
  if (!response.ok)
    throw new Error(`client credentials for ${client} failed: ${response.status} ${json.error}`);
  return json;
}
