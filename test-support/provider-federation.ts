/**
 * Keyless CI at the test provider (opt-in: `startProvider({ federation })`). The real
 * oidc-provider decides, with two real extensions a federation-capable server has:
 *
 * - RFC 8693 token exchange and the RFC 7523 §2.1 JWT bearer grant, registered with
 *   `registerGrantType`. The CI token is verified with jose against the CI issuer's JWKS
 *   (fetched over loopback like any server would): signature, `iss`, `aud`, `exp`, and
 *   only RS256/ES256 — `alg: none` never passes. The token is issued by oidc-provider's own
 *   ClientCredentials model, so it is a real JWT for the API resource.
 *
 * - A federated credential for the client-assertion mode. oidc-provider implements RFC 7523
 *   §3 client authentication, which requires iss = sub = client_id, so a CI token (iss =
 *   the CI, sub = repo:…) can never authenticate a client there natively. Servers that
 *   offer this (Entra ID's federated credentials) check the CI token against a trust
 *   policy instead. The front below does exactly that check, and on success hands the
 *   request to oidc-provider authenticated as the client with a secret only the fixture
 *   knows; oidc-provider then runs the grant (or revocation) as for any client.
 */
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import {
  type ClientMetadata,
  errors,
  type KoaContextWithOIDC,
  type default as Provider,
  type ResourceServer,
  type ResourceServerInstance,
} from 'oidc-provider';
import { API_RESOURCE } from './provider-clients.ts';
import { assertionFront, issuerOf } from './provider-federation-front.ts';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const SUBJECT_TYPES = new Set([
  'urn:ietf:params:oauth:token-type:id_token',
  'urn:ietf:params:oauth:token-type:jwt',
]);
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

export type FederationGrant = 'token-exchange' | 'jwt-bearer';

export interface FederationOptions {
  /** The CI issuer the provider trusts (see ci-issuer.ts). */
  ciIssuer: { issuer: string; jwksUri: string };
  /** The `aud` a CI token must carry; default the provider's issuer (what tokenrelay asks for by default). */
  audience?: string;
  /** Grants to offer; default both. Leave one out to get `unsupported_grant_type`. */
  grants?: FederationGrant[];
  /** The `sub` the federated credential (client-assertion mode) trusts; default any. */
  trustedSubject?: string;
}

/** A public client (auth method none) allowed the federation grants. */
export const FEDERATION_CLIENT = 'ci-federation';
/** The client whose federated credential trusts CI tokens (client-assertion mode). */
export const FEDERATED_CLIENT = 'ci-federated';

/** What a federation request carried, as the fixture saw it before oidc-provider. */
export interface FederationSeen {
  kind: FederationGrant | 'client-assertion';
  params: Record<string, string>;
  /** The verified CI token's claims; undefined when it was refused. */
  claims?: JWTPayload;
  refused?: string;
}

/** The provider's resource server configuration for an indicator (provider-config.ts). */
export type ResourceInfo = (indicator: string) => ResourceServer;

export interface Federation {
  clients: ClientMetadata[];
  seen: FederationSeen[];
  /**
   * `localAssertions` takes the jwt-bearer assertions that are not CI tokens (a service
   * account's, provider-jwt-bearer.ts): one grant type has one handler in oidc-provider.
   */
  install(
    provider: Provider,
    paths: { token: string; revocation: string },
    resourceInfo: ResourceInfo,
    localAssertions?: (ctx: KoaContextWithOIDC) => Promise<void>,
  ): void;
  /** Whether this federation registers the jwt-bearer grant itself. */
  ownsJwtBearer: boolean;
}

const GRANT_URI: Record<FederationGrant, string> = {
  'token-exchange': TOKEN_EXCHANGE,
  'jwt-bearer': JWT_BEARER,
};

export function federation(given: FederationOptions, issuer: string): Federation {
  const options = { ...given, audience: given.audience ?? issuer };
  const grants = options.grants ?? ['token-exchange', 'jwt-bearer'];
  const jwks = createRemoteJWKSet(new URL(options.ciIssuer.jwksUri));
  const frontSecret = randomBytes(24).toString('base64url');
  const seen: FederationSeen[] = [];

  /** The trust check: the one place a CI token is judged. Throws a reason a log reader can act on. */
  async function verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: options.ciIssuer.issuer,
        audience: options.audience,
        algorithms: ['RS256', 'ES256'],
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (e) {
      throw new Error(reasonOf(e, options.audience));
    }
  }

  const clients: ClientMetadata[] = [
    {
      client_id: FEDERATION_CLIENT,
      token_endpoint_auth_method: 'none',
      grant_types: grants.map((g) => GRANT_URI[g]),
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: FEDERATED_CLIENT,
      client_secret: frontSecret,
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ];

  return {
    clients,
    seen,
    ownsJwtBearer: grants.includes('jwt-bearer'),
    install(provider, paths, resourceInfo, localAssertions) {
      for (const grant of grants) {
        const params = grant === 'token-exchange' ? EXCHANGE_PARAMS : ['assertion', ...COMMON_PARAMS];
        const ci = grantHandler(grant, verify, seen, resourceInfo);
        const handler =
          grant === 'jwt-bearer' && localAssertions
            ? (ctx: KoaContextWithOIDC) =>
                issuerOf(String(ctx.oidc.params?.assertion ?? '')) === options.ciIssuer.issuer
                  ? ci(ctx)
                  : localAssertions(ctx)
            : ci;
        provider.registerGrantType(GRANT_URI[grant], handler, params, ['resource']);
      }
      provider.use(assertionFront(paths, { verify, seen, frontSecret, options }));
    },
  };
}

const COMMON_PARAMS = ['scope', 'audience', 'resource', 'tenant', 'workspace'];
const EXCHANGE_PARAMS = ['subject_token', 'subject_token_type', 'requested_token_type', ...COMMON_PARAMS];

function grantHandler(
  grant: FederationGrant,
  verify: (token: string) => Promise<JWTPayload>,
  seen: FederationSeen[],
  resourceInfo: ResourceInfo,
) {
  return async (ctx: KoaContextWithOIDC) => {
    const p = ctx.oidc.params as Record<string, string | string[] | undefined>;
    const params = flat(p);
    const record: FederationSeen = { kind: grant, params };
    seen.push(record);
    // RFC 8693 §2.2.2 answers invalid_request for a refused subject token; RFC 7523 §3.1 invalid_grant.
    const refuse = (reason: string) => {
      record.refused = reason;
      return grant === 'token-exchange'
        ? new errors.InvalidRequest(`subject_token refused: ${reason}`)
        : new errors.CustomOIDCProviderError('invalid_grant', `assertion refused: ${reason}`);
    };
    const token = grant === 'token-exchange' ? params.subject_token : params.assertion;
    if (!token) throw refuse(`${grant === 'token-exchange' ? 'subject_token' : 'assertion'} missing`);
    if (grant === 'token-exchange') {
      if (!SUBJECT_TYPES.has(params.subject_token_type ?? '')) throw refuse('unsupported subject_token_type');
      const wanted = params.requested_token_type;
      if (wanted && wanted !== ACCESS_TOKEN_TYPE && wanted !== JWT_TYPE) {
        throw new errors.InvalidRequest('unsupported requested_token_type');
      }
    }
    let claims: JWTPayload;
    try {
      claims = await verify(token);
    } catch (e) {
      throw refuse((e as Error).message);
    }
    record.claims = claims;
    await issue(ctx, grant, params, claims, resourceInfo);
  };
}

/** A real access token from oidc-provider's own model: a JWT for the API, with the CI identity in it. */
async function issue(
  ctx: KoaContextWithOIDC,
  grant: FederationGrant,
  params: Record<string, string>,
  claims: JWTPayload,
  resourceInfo: ResourceInfo,
): Promise<void> {
  const { provider, client } = ctx.oidc;
  const indicator = params.resource ?? API_RESOURCE;
  const { ResourceServer } = provider as unknown as {
    ResourceServer: new (id: string, data: ResourceServer) => ResourceServerInstance;
  };
  const server = new ResourceServer(indicator, resourceInfo(indicator));
  const scopes = (params.scope ?? '').split(' ').filter((s) => server.scopes.has(s));
  const token = new provider.ClientCredentials({ client: client!, scope: scopes.join(' ') || undefined });
  token.resourceServer = server;
  token.extra = {
    ci_iss: claims.iss,
    ci_sub: claims.sub,
    ...(params.tenant ? { tenant: params.tenant } : {}),
    ...(params.workspace ? { workspace: params.workspace } : {}),
  };
  const value = await token.save();
  const jwtRequested = grant === 'token-exchange' && params.requested_token_type === JWT_TYPE;
  ctx.body = {
    access_token: value,
    expires_in: token.expiration,
    ...(token.scope ? { scope: token.scope } : {}),
    // RFC 8693 §2.2.1: a token that is not an access token comes back as N_A.
    token_type: jwtRequested ? 'N_A' : 'Bearer',
    ...(grant === 'token-exchange' ? { issued_token_type: jwtRequested ? JWT_TYPE : ACCESS_TOKEN_TYPE } : {}),
  };
}

/** jose's verdict in words that say which check failed (and, for aud, what was expected). */
function reasonOf(e: unknown, audience: string): string {
  if (e instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return `audience mismatch, expected aud "${audience}"`;
    return `claim ${e.claim} is invalid (${e.reason})`;
  }
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'the signing algorithm is not allowed';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'no key in the issuer JWKS matches';
  if (e instanceof joseErrors.JOSEError) return `invalid token (${e.code})`;
  return 'invalid token';
}

function flat(p: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
  }
  return out;
}
