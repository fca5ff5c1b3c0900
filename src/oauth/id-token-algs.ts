import type * as oauth from 'oauth4webapi';

/**
 * The asymmetric JWS algorithms jose verifies (RFC 7518 RS/PS/ES, RFC 8037 EdDSA and RFC 9864
 * Ed25519): what an ID token may be signed with. Symmetric (HS*) and `none` are never taken.
 */
export const ID_TOKEN_ALGS: readonly string[] = [
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
  'Ed25519',
];

/**
 * What the metadata lists for ID tokens, kept to what jose supports. Saved with the session,
 * because a refresh has no metadata: without it oauth4webapi assumes RS256 and refuses the
 * ID token of a server that signs with EdDSA or ES256.
 */
export function idTokenAlgsOf(
  server: Pick<oauth.AuthorizationServer, 'id_token_signing_alg_values_supported'>,
): string[] {
  const listed = server.id_token_signing_alg_values_supported;
  return Array.isArray(listed) ? listed.filter((alg) => ID_TOKEN_ALGS.includes(alg)) : [];
}

/**
 * The list a refresh checks an ID token's `alg` against. A session saved before the list was
 * kept has none: then any algorithm jose supports, as the ID token comes straight from the
 * token endpoint over TLS (OpenID Connect Core §3.1.3.7) and its `alg` is not what secures
 * it. An empty list (the metadata named none) leaves OpenID's default, RS256.
 */
export function refreshIdTokenAlgs(saved: unknown): string[] | undefined {
  if (!Array.isArray(saved)) return [...ID_TOKEN_ALGS];
  const usable = saved.filter((alg): alg is string => typeof alg === 'string' && ID_TOKEN_ALGS.includes(alg));
  return usable.length ? usable : undefined;
}
