/**
 * RFC 7523 §2.1 with assertions the client signs itself (Google service accounts,
 * Salesforce, DocuSign): a grant registered on the real oidc-provider with
 * `registerGrantType`. The assertion is checked as those servers do — signature against the
 * service account's registered keys (RS256/ES256 only), `iss` a known account, `aud` the
 * token endpoint (or the issuer), `exp` at most an hour after `iat`, a `jti` never seen
 * before, and a `sub` the account may act for — and the token comes from oidc-provider's
 * own ClientCredentials model, so it is a real JWT for the API resource.
 */
import { createLocalJWKSet, decodeJwt, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import {
  type ClientMetadata,
  errors,
  type KoaContextWithOIDC,
  type default as Provider,
  type ResourceServer,
  type ResourceServerInstance,
} from 'oidc-provider';
import type { TestKeys } from './keys.ts';
import { API_RESOURCE } from './provider-clients.ts';
import type { ResourceInfo } from './provider-federation.ts';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The public client a service account's assertions are exchanged through. */
export const SERVICE_ACCOUNT_CLIENT = 'svc-jwt';
/** A service account named by an email, as Google names them (a second accepted `iss`). */
export const SERVICE_ACCOUNT_EMAIL = 'robot@svc.tokenrelay.test';
/** Whom a service account may act for besides itself (Salesforce/DocuSign impersonation). */
export const IMPERSONABLE = ['alice'];

/** What an assertion grant carried, as the fixture judged it. */
export interface AssertionSeen {
  params: Record<string, string>;
  header?: Record<string, unknown>;
  claims?: JWTPayload;
  refused?: string;
}

export interface AssertionGrant {
  clients: ClientMetadata[];
  seen: AssertionSeen[];
  /** The grant handler, for registerGrantType (or for the federation grant to hand over to). */
  handler: (ctx: KoaContextWithOIDC) => Promise<void>;
  install(provider: Provider): void;
}

export function assertionGrant(
  keys: TestKeys,
  endpoints: { issuer: string; token: () => string },
  resourceInfo: ResourceInfo,
): AssertionGrant {
  const jwks = createLocalJWKSet({ keys: [keys.client.es256.publicJwk, keys.client.rs256.publicJwk] });
  const accounts = new Set([SERVICE_ACCOUNT_CLIENT, SERVICE_ACCOUNT_EMAIL]);
  const used = new Set<string>();
  const seen: AssertionSeen[] = [];

  async function handler(ctx: KoaContextWithOIDC): Promise<void> {
    const params = flat(ctx.oidc.params as Record<string, unknown>);
    const record: AssertionSeen = { params };
    seen.push(record);
    const refuse = (reason: string) => {
      record.refused = reason;
      return new errors.CustomOIDCProviderError('invalid_grant', `assertion refused: ${reason}`);
    };
    if (!params.assertion) throw refuse('assertion missing');
    let claims: JWTPayload;
    try {
      const iss = decodeJwt(params.assertion).iss;
      if (!iss || !accounts.has(iss)) throw refuse(`iss ${String(iss)} is no service account`);
      const verified = await jwtVerify(params.assertion, jwks, {
        issuer: iss,
        audience: [endpoints.token(), endpoints.issuer],
        algorithms: ['RS256', 'ES256'],
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      });
      claims = verified.payload;
      record.header = verified.protectedHeader as Record<string, unknown>;
    } catch (e) {
      if (e instanceof errors.OIDCProviderError) throw e;
      throw refuse(reasonOf(e));
    }
    record.claims = claims;
    if (claims.exp! - claims.iat! > 3600) throw refuse('the assertion lives longer than an hour');
    if (used.has(claims.jti!)) throw refuse('jti already used');
    used.add(claims.jti!);
    if (claims.sub !== claims.iss && !IMPERSONABLE.includes(claims.sub!)) {
      throw refuse(`sub ${claims.sub} may not be acted for`);
    }
    await issue(ctx, params, claims, resourceInfo);
  }

  return {
    clients: [
      {
        client_id: SERVICE_ACCOUNT_CLIENT,
        token_endpoint_auth_method: 'none',
        grant_types: [JWT_BEARER],
        response_types: [],
        redirect_uris: [],
      },
    ],
    seen,
    handler,
    install(provider) {
      provider.registerGrantType(
        JWT_BEARER,
        handler,
        ['assertion', 'scope', 'audience', 'resource'],
        ['resource'],
      );
    },
  };
}

async function issue(
  ctx: KoaContextWithOIDC,
  params: Record<string, string>,
  claims: JWTPayload,
  resourceInfo: ResourceInfo,
): Promise<void> {
  const { provider, client } = ctx.oidc;
  const indicator = params.resource ?? API_RESOURCE;
  const { ResourceServer: Server } = provider as unknown as {
    ResourceServer: new (id: string, data: ResourceServer) => ResourceServerInstance;
  };
  const server = new Server(indicator, resourceInfo(indicator));
  const scopes = (params.scope ?? String(claims.scope ?? '')).split(' ').filter((s) => server.scopes.has(s));
  const token = new provider.ClientCredentials({ client: client!, scope: scopes.join(' ') || undefined });
  token.resourceServer = server;
  token.extra = { assertion_iss: claims.iss, assertion_sub: claims.sub };
  const value = await token.save();
  ctx.body = {
    access_token: value,
    token_type: 'Bearer',
    expires_in: token.expiration,
    ...(token.scope ? { scope: token.scope } : {}),
  };
}

function reasonOf(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'the assertion has expired';
  if (e instanceof joseErrors.JWTClaimValidationFailed) return `claim ${e.claim} is invalid (${e.reason})`;
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'the signing algorithm is not allowed';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'no registered key matches';
  return 'invalid assertion';
}

function flat(p: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
  }
  return out;
}
