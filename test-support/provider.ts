/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 for integration and end-to-end tests:
 * client credentials with every client authentication method, JWT access tokens for an API
 * resource, revocation, introspection, device flow, loopback + PKCE login for the CLI and
 * open dynamic registration. Import and call `startProvider()`; `close()` when done.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { type TestKeys, testKeys } from './keys.ts';
import { TEST_USER } from './provider-account.ts';
import {
  API_RESOURCE,
  OPAQUE_RESOURCE,
  REPORTS_RESOURCE,
  RESOURCE_SCOPES,
  type TestClients,
  testClients,
} from './provider-clients.ts';
import { type ProviderOptions, providerConfiguration, resourceServer } from './provider-config.ts';
import { type FederationSeen, federation } from './provider-federation.ts';
import { type AssertionSeen, assertionGrant } from './provider-jwt-bearer.ts';
import { quietOidcProvider } from './provider-quiet.ts';
import { createRecorder, type RecordedRequest } from './provider-recorder.ts';

export { TEST_USER } from './provider-account.ts';
export {
  API_RESOURCE,
  CC_BASIC_SECRET,
  CC_POST_SECRET,
  OPAQUE_RESOURCE,
  REPORTS_RESOURCE,
  RESOURCE_SCOPES,
} from './provider-clients.ts';
export type { ProviderOptions } from './provider-config.ts';
export { FEDERATED_CLIENT, FEDERATION_CLIENT, type FederationOptions } from './provider-federation.ts';
export {
  type AssertionSeen,
  IMPERSONABLE,
  SERVICE_ACCOUNT_CLIENT,
  SERVICE_ACCOUNT_EMAIL,
} from './provider-jwt-bearer.ts';
export type { RecordedRequest } from './provider-recorder.ts';

export interface TestProvider {
  /** `http://127.0.0.1:PORT`, no trailing slash — exactly the `iss` of what it signs. */
  issuer: string;
  discoveryUrl: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  introspectionEndpoint: string;
  deviceAuthorizationEndpoint: string;
  authorizationEndpoint: string;
  registrationEndpoint: string;
  jwksUri: string;
  clients: TestClients;
  resources: { api: string; reports: string; opaque: string; scopes: readonly string[] };
  user: typeof TEST_USER;
  keys: TestKeys;
  /** Every request, oldest first. */
  requests: RecordedRequest[];
  /** Every `token` posted to the revocation endpoint. */
  revoked: string[];
  /** Errors oidc-provider reported as server_error; a healthy test leaves this empty. */
  serverErrors: Error[];
  countFor(path: string): number;
  tokenRequests(): RecordedRequest[];
  lastTokenRequest(): RecordedRequest | undefined;
  /** Forget recorded requests, revocations and errors (clients and tokens stay). */
  resetRecords(): void;
  /** Federation requests as the fixture judged them (only with `federation`). */
  federationSeen: FederationSeen[];
  /** Service-account assertions (RFC 7523 §2.1 grant) as the fixture judged them. */
  assertionsSeen: AssertionSeen[];
  /** The oidc-provider instance, for what this wrapper does not cover. */
  provider: Provider;
  close(): Promise<void>;
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startProvider(options: ProviderOptions = {}): Promise<TestProvider> {
  const release = options.quiet === false ? () => {} : quietOidcProvider();
  const keys = await testKeys();
  const clients = testClients(keys);

  // The issuer must name the port, and the port is only known once listening, so the
  // server starts first and receives its handler after the provider exists.
  let handler: RequestListener | undefined;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end();
  });
  let port: number;
  try {
    port = await listen(server, options.port ?? 0);
  } catch (error) {
    release();
    throw error;
  }
  const issuer = `http://127.0.0.1:${port}`;

  const fed = options.federation ? federation(options.federation, issuer) : undefined;
  const ttl = options.accessTokenTtlSeconds ?? 600;
  const info = (i: string) => resourceServer(i, ttl);
  let tokenUrl = '';
  const assertions = assertionGrant(keys, { issuer, token: () => tokenUrl }, info);
  const provider = new Provider(
    issuer,
    providerConfiguration(options, keys, clients, [...(fed?.clients ?? []), ...assertions.clients]),
  );
  const path = (name: string) => provider.pathFor(name);
  tokenUrl = issuer + path('token');
  const recorder = createRecorder({ revocation: path('revocation') });
  provider.use(recorder.middleware);
  if (fed) {
    const paths = { token: path('token'), revocation: path('revocation') };
    fed.install(provider, paths, info, assertions.handler);
  }
  if (!fed?.ownsJwtBearer) assertions.install(provider);
  const serverErrors: Error[] = [];
  provider.on('server_error', (_ctx: unknown, error: Error) => serverErrors.push(error));
  handler = provider.callback();

  const url = (name: string) => issuer + path(name);
  const tokenPath = path('token');
  let closed = false;

  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    tokenEndpoint: url('token'),
    revocationEndpoint: url('revocation'),
    introspectionEndpoint: url('introspection'),
    deviceAuthorizationEndpoint: url('device_authorization'),
    authorizationEndpoint: url('authorization'),
    registrationEndpoint: url('registration'),
    jwksUri: url('jwks'),
    clients,
    resources: {
      api: API_RESOURCE,
      reports: REPORTS_RESOURCE,
      opaque: OPAQUE_RESOURCE,
      scopes: RESOURCE_SCOPES,
    },
    user: TEST_USER,
    keys,
    requests: recorder.requests,
    revoked: recorder.revoked,
    serverErrors,
    countFor: (p) => recorder.requests.filter((r) => r.path === p).length,
    tokenRequests: () => recorder.requests.filter((r) => r.path === tokenPath),
    lastTokenRequest: () => recorder.requests.findLast((r) => r.path === tokenPath),
    resetRecords: () => {
      if (fed) fed.seen.length = 0;
      assertions.seen.length = 0;
      recorder.requests.length = 0;
      recorder.revoked.length = 0;
      serverErrors.length = 0;
    },
    federationSeen: fed?.seen ?? [],
    assertionsSeen: assertions.seen,
    provider,
    close: async () => {
      if (closed) return;
      closed = true;
      // fetch keeps connections alive; without this close() waits for them to time out.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      release();
    },
  };
}
