/**
 * The client registrations the test provider knows, and the resource servers it issues
 * access tokens for. Values are fixed so a failing test prints the same thing twice.
 */
import type { ClientMetadata } from 'oidc-provider';
import type { TestKeyPair, TestKeys } from './keys.ts';

/** Issues JWT access tokens (aud = this URL). The default resource. */
export const API_RESOURCE = 'https://api.tokenrelay.test';
/** A second JWT resource, to prove `resource` selects the audience. */
export const REPORTS_RESOURCE = 'https://reports.tokenrelay.test';
/**
 * Issues opaque access tokens. oidc-provider refuses to revoke or introspect JWT access
 * tokens (400 unsupported_token_type), so revocation tests that expect 200 use this one.
 */
export const OPAQUE_RESOURCE = 'https://opaque.tokenrelay.test';

export const RESOURCE_SCOPES = ['read', 'write', 'admin'] as const;

export interface SecretClient {
  clientId: string;
  clientSecret: string;
  authMethod: 'client_secret_basic' | 'client_secret_post';
}

export interface JwtClient {
  clientId: string;
  authMethod: 'private_key_jwt';
  keys: { es256: TestKeyPair; rs256: TestKeyPair };
}

export interface NativeClient {
  clientId: string;
  authMethod: 'none';
  /** Registered without a port; loopback redirects match on any port (RFC 8252 §7.3). */
  redirectUris: string[];
}

export interface TestClients {
  basic: SecretClient;
  post: SecretClient;
  jwt: JwtClient;
  native: NativeClient;
}

/**
 * Every character RFC 6749 §2.3.1 form-encoding changes. `%41` is a valid escape on
 * purpose: a client that skips the encoding sends a secret the provider decodes to
 * something else, so the failure is invalid_client and not a parse error.
 */
export const CC_BASIC_SECRET = 'b4sic:s3cr%41t+/= &Zq9~x';
export const CC_POST_SECRET = 'p0st+s3cret&=/%25 ~Kd7';

export function testClients(keys: TestKeys): TestClients {
  return {
    basic: { clientId: 'cc-basic', clientSecret: CC_BASIC_SECRET, authMethod: 'client_secret_basic' },
    post: { clientId: 'cc-post', clientSecret: CC_POST_SECRET, authMethod: 'client_secret_post' },
    jwt: { clientId: 'cc-jwt', authMethod: 'private_key_jwt', keys: keys.client },
    native: {
      clientId: 'cli-native',
      authMethod: 'none',
      redirectUris: ['http://127.0.0.1/callback', 'http://localhost/callback', 'http://[::1]/callback'],
    },
  };
}

const machine = { grant_types: ['client_credentials'], response_types: [], redirect_uris: [] };

export function clientMetadata(clients: TestClients): ClientMetadata[] {
  const { basic, post, jwt, native } = clients;
  return [
    {
      ...machine,
      client_id: basic.clientId,
      client_secret: basic.clientSecret,
      token_endpoint_auth_method: basic.authMethod,
    },
    {
      ...machine,
      client_id: post.clientId,
      client_secret: post.clientSecret,
      token_endpoint_auth_method: post.authMethod,
    },
    {
      ...machine,
      client_id: jwt.clientId,
      token_endpoint_auth_method: jwt.authMethod,
      jwks: { keys: [jwt.keys.es256.publicJwk, jwt.keys.rs256.publicJwk] },
    },
    {
      client_id: native.clientId,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'],
      redirect_uris: native.redirectUris,
      client_name: 'tokenrelay CLI',
    },
  ];
}
