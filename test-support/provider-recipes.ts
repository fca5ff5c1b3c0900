/**
 * The suite's provider dressed as the big vendors (through provider-front.ts), each as its
 * documentation and its users' bug reports say it behaves. Only what a client sees is
 * imitated: paths, discovery, what a token request must carry, what a response looks like.
 */
import { API_RESOURCE } from './provider-clients.ts';
import type { Answer, FrontRecipe } from './provider-front.ts';

/** The API's identifier at every vendor: Entra's Application ID URI, Auth0's API identifier. */
export const ENTRA_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const ENTRA_APP_ID_URI = 'api://tokenrelay-api';
export const ENTRA_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';
/** App roles granted to clients in Entra (sent as `roles`, never as `scope`). */
export const ENTRA_ROLES = ['Tokens.Read', 'Tokens.Mint'];
export const AUTH0_ORGANIZATIONS = ['org_acme'];
export const KEYCLOAK_REALM = 'acme';

const error = (status: number, code: string, description: string): Answer => ({
  status,
  body: { error: code, error_description: description },
});

/**
 * Microsoft Entra ID (v2 endpoints): the issuer carries the tenant; the token endpoint sits
 * beside it, not under it; client credentials take exactly one `<resource>/.default` scope
 * (AADSTS1002012 otherwise); the response has no `scope` (the token's `roles` say what it
 * may do) and adds `ext_expires_in`; there is no RFC 7009 revocation endpoint.
 */
export function entraRecipe(): FrontRecipe {
  return {
    issuerPath: `/${ENTRA_TENANT}/v2.0`,
    endpoints: {
      token_endpoint: `/${ENTRA_TENANT}/oauth2/v2.0/token`,
      jwks_uri: `/${ENTRA_TENANT}/discovery/v2.0/keys`,
    },
    metadata: { scopes_supported: ['openid', 'profile', 'email', 'offline_access'] },
    tokenRequest(form) {
      const scope = form.get('scope');
      if (!scope) {
        return error(
          400,
          'invalid_request',
          "AADSTS900144: The request body must contain the following parameter: 'scope'.",
        );
      }
      if (form.get('grant_type') === 'client_credentials' && scope !== `${ENTRA_APP_ID_URI}/.default`) {
        return error(
          400,
          'invalid_scope',
          `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      }
      const next = new URLSearchParams(form);
      next.delete('scope');
      next.set('resource', API_RESOURCE);
      return next;
    },
    tokenResponse: ({ access_token, expires_in }) => ({
      token_type: 'Bearer',
      expires_in,
      ext_expires_in: expires_in,
      access_token,
    }),
  };
}

/**
 * Auth0: the issuer is the tenant's origin with a trailing slash; client credentials need
 * `audience` (403 access_denied without it, or for an API it does not know); `organization`
 * scopes an M2M token to an organization the client may use.
 */
export function auth0Recipe(): FrontRecipe {
  return {
    issuerPath: '/',
    endpoints: {
      token_endpoint: '/oauth/token',
      revocation_endpoint: '/oauth/revoke',
      jwks_uri: '/.well-known/jwks.json',
    },
    tokenRequest(form) {
      const audience = form.get('audience');
      if (!audience) {
        return error(
          403,
          'access_denied',
          'No audience parameter was provided, and no default audience has been configured',
        );
      }
      if (audience !== API_RESOURCE)
        return error(403, 'access_denied', `Service not enabled within domain: ${audience}`);
      const organization = form.get('organization');
      if (organization && !AUTH0_ORGANIZATIONS.includes(organization)) {
        return error(
          403,
          'access_denied',
          `Client is not authorized to access organization "${organization}".`,
        );
      }
      const next = new URLSearchParams(form);
      next.delete('audience');
      next.delete('organization');
      next.set('resource', audience);
      return next;
    },
    tokenResponse: (body) => ({ ...body, token_type: 'Bearer' }),
  };
}

/**
 * Okta, custom authorization server `default`: everything under `/oauth2/default/v1/`, and
 * client credentials need a scope (there are no default scopes).
 */
export function oktaRecipe(): FrontRecipe {
  const base = '/oauth2/default';
  return {
    issuerPath: base,
    endpoints: {
      token_endpoint: `${base}/v1/token`,
      revocation_endpoint: `${base}/v1/revoke`,
      introspection_endpoint: `${base}/v1/introspect`,
      jwks_uri: `${base}/v1/keys`,
    },
    tokenRequest(form) {
      if (form.get('grant_type') === 'client_credentials' && !form.get('scope')) {
        return error(
          400,
          'invalid_scope',
          "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
        );
      }
      return form;
    },
  };
}

/**
 * Keycloak: the realm is the issuer, and every endpoint lives under
 * `/realms/<realm>/protocol/openid-connect/`; responses add `refresh_expires_in`,
 * `not-before-policy` and the realm's default client scopes.
 */
export function keycloakRecipe(): FrontRecipe {
  const base = `/realms/${KEYCLOAK_REALM}/protocol/openid-connect`;
  return {
    issuerPath: `/realms/${KEYCLOAK_REALM}`,
    endpoints: {
      token_endpoint: `${base}/token`,
      revocation_endpoint: `${base}/revoke`,
      introspection_endpoint: `${base}/token/introspect`,
      jwks_uri: `${base}/certs`,
    },
    tokenResponse: (body) => ({
      ...body,
      refresh_expires_in: 0,
      'not-before-policy': 0,
      scope: [body.scope, 'profile', 'email'].filter(Boolean).join(' '),
    }),
  };
}

/** GitLab's `api` scope, as the provider's API scopes. */
const GITLAB_SCOPES: Record<string, string> = { api: 'read write', read_api: 'read' };

/**
 * GitLab as an OAuth server: the instance URL is the issuer, endpoints under `/oauth/`;
 * authorization code and device code (no client credentials); its own scope names (`api`,
 * `read_api`) and no `offline_access`, yet a refresh token on every login; `created_at` in
 * every token response.
 */
export function gitlabRecipe(): FrontRecipe {
  const toProvider = (scope: string | null) =>
    (scope ?? '')
      .split(' ')
      .map((s) => GITLAB_SCOPES[s] ?? s)
      .join(' ');
  return {
    issuerPath: '/',
    endpoints: {
      token_endpoint: '/oauth/token',
      revocation_endpoint: '/oauth/revoke',
      device_authorization_endpoint: '/oauth/authorize_device',
      jwks_uri: '/oauth/discovery/keys',
    },
    metadata: {
      scopes_supported: ['api', 'read_api', 'read_user', 'openid', 'profile', 'email'],
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code',
      ],
    },
    deviceRequest(form) {
      const next = new URLSearchParams(form);
      // GitLab issues a refresh token whatever was asked; the strict provider wants offline_access.
      next.set('scope', `${toProvider(form.get('scope'))} offline_access`.trim());
      return next;
    },
    tokenRequest(form) {
      if (form.get('grant_type') === 'client_credentials') {
        return error(
          400,
          'unsupported_grant_type',
          'The authorization grant type is not supported by the authorization server.',
        );
      }
      return form;
    },
    tokenResponse: (body) => {
      const { id_token: _id, ...rest } = body;
      const scopes = String(body.scope ?? '').split(' ');
      const scope = scopes.includes('write') ? 'api' : scopes.includes('read') ? 'read_api' : body.scope;
      return { ...rest, scope, created_at: Math.floor(Date.now() / 1000) };
    },
  };
}
