/**
 * The oidc-provider configuration behind the test provider: which features are on, which
 * resource servers exist, and how long things live. Kept apart from the server so a test
 * can read what the provider promises without reading how it is started.
 */
import { type ClientMetadata, type Configuration, errors, type ResourceServer } from 'oidc-provider';
import type { TestKeys } from './keys.ts';
import { findAccount } from './provider-account.ts';
import {
  API_RESOURCE,
  clientMetadata,
  OPAQUE_RESOURCE,
  REPORTS_RESOURCE,
  RESOURCE_SCOPES,
  type TestClients,
} from './provider-clients.ts';
import type { FederationOptions } from './provider-federation.ts';

export interface ProviderOptions {
  /** Pin the port (a demo script wants a stable URL); default: a random free port. */
  port?: number;
  /** Lifetime of access tokens, client credentials included. Default 600. */
  accessTokenTtlSeconds?: number;
  /** Default one day. */
  refreshTokenTtlSeconds?: number;
  /** Lifetime of a device code. Default 600. */
  deviceCodeTtlSeconds?: number;
  /**
   * The resource a request gets when it names none. `null` restores oidc-provider's own
   * behaviour, where client credentials without `resource` yields an opaque token and
   * silently drops every non-OpenID scope. Default API_RESOURCE.
   */
  defaultResource?: string | null;
  /** Drop oidc-provider's development notices from the console. Default true. */
  quiet?: boolean;
  /** Keyless CI: token exchange, jwt-bearer and a federated client (provider-federation.ts). */
  federation?: FederationOptions;
  /**
   * What ID tokens are signed with (the metadata lists RS256, PS256, ES256, Ed25519 and EdDSA
   * either way). Default RS256, OpenID's default; EdDSA and ES256 are what real servers
   * choose that a client assuming RS256 refuses.
   */
  idTokenAlg?: 'RS256' | 'ES256' | 'EdDSA';
  /** App roles put in the access tokens of these clients (`roles`, as Entra ID does). */
  appRoles?: Record<string, string[]>;
}

const FORMATS: Record<string, 'jwt' | 'opaque'> = {
  [API_RESOURCE]: 'jwt',
  [REPORTS_RESOURCE]: 'jwt',
  [OPAQUE_RESOURCE]: 'opaque',
};

export function resourceServer(indicator: string, ttl: number): ResourceServer {
  const format = FORMATS[indicator];
  if (!format) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
  return {
    scope: RESOURCE_SCOPES.join(' '),
    audience: indicator,
    accessTokenTTL: ttl,
    accessTokenFormat: format,
    ...(format === 'jwt' ? { jwt: { sign: { alg: 'RS256' as const } } } : {}),
  };
}

export function providerConfiguration(
  options: ProviderOptions,
  keys: TestKeys,
  clients: TestClients,
  extraClients: ClientMetadata[] = [],
): Configuration {
  const accessTtl = options.accessTokenTtlSeconds ?? 600;
  const refreshTtl = options.refreshTokenTtlSeconds ?? 86_400;
  const deviceTtl = options.deviceCodeTtlSeconds ?? 600;
  const fallbackResource = options.defaultResource === undefined ? API_RESOURCE : options.defaultResource;

  return {
    clients: [...clientMetadata(clients), ...extraClients],
    // Code flow only: the default also offers implicit and hybrid, which nothing here uses.
    responseTypes: ['code'],
    jwks: {
      keys: [keys.provider.rs256.privateJwk, keys.provider.es256.privateJwk, keys.provider.eddsa.privateJwk],
    },
    clientDefaults: {
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: options.idTokenAlg ?? 'RS256',
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    cookies: { keys: ['tokenrelay-test-cookie-key-do-not-use-elsewhere'] },
    findAccount,
    claims: {
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    // The CLI shows who is logged in from the ID token; its access token is for the API,
    // not for userinfo, so the claims must be in the ID token itself.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      registration: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => {
          if (oneOf) return oneOf.includes(API_RESOURCE) ? API_RESOURCE : oneOf;
          return fallbackResource ?? undefined;
        },
        getResourceServerInfo: (_ctx, indicator) => resourceServer(indicator, accessTtl),
        // Without this an authorization-code token request that asked for `openid` gets an
        // opaque userinfo token instead of a token for the API the user consented to.
        useGrantedResource: () => true,
      },
    },
    pkce: { required: () => true },
    // Federation and the assertion grant set who the token is for on the token they issue;
    // without this oidc-provider would replace it with the (empty) default extra claims.
    extraTokenClaims: (_ctx: unknown, token: { extra?: Record<string, unknown>; clientId?: string }) => {
      const roles = token.clientId ? options.appRoles?.[token.clientId] : undefined;
      return roles ? { ...token.extra, roles } : token.extra;
    },
    // Strict on purpose (OpenID Connect Core §11, oidc-provider's defaults): a refresh token
    // only for `offline_access`, which the authorization endpoint keeps only with
    // prompt=consent. Strict providers do this; the CLI must cope, not the fixture.
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTtl,
      ClientCredentials: accessTtl,
      AuthorizationCode: 60,
      DeviceCode: deviceTtl,
      IdToken: 3600,
      RefreshToken: refreshTtl,
      Interaction: 3600,
      Session: 86_400,
      Grant: 86_400,
    },
  };
}
