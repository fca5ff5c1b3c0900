import type * as oauth from 'oauth4webapi';

const IDENTITY_SCOPES = ['openid', 'profile', 'email'];

/**
 * The scope an interactive login asks for when none is configured: enough for an ID token
 * that says who logged in, and `offline_access` where the server lists it (several servers
 * only issue refresh tokens for it). A server that lists its scopes gets only ones it lists,
 * so an unknown scope cannot fail the login with invalid_scope.
 */
export function loginScope(server: oauth.AuthorizationServer, configured: string | undefined): string {
  const given = configured?.trim();
  if (given) return given.split(/\s+/).join(' ');
  const supported = server.scopes_supported;
  if (!Array.isArray(supported) || supported.length === 0) return IDENTITY_SCOPES.join(' ');
  const wanted = [...IDENTITY_SCOPES, 'offline_access'].filter((s) => supported.includes(s));
  return wanted.join(' ');
}

/**
 * The `prompt` of a browser or paste-back login. OpenID Connect Core §11: a server ignores
 * `offline_access` unless the request also has prompt=consent (node-oidc-provider drops
 * it, Google wants consent for a refresh token), so asking for it without consent gets a
 * session that dies at the first expiry. A configured value wins; '' sends none.
 */
export function loginPrompt(scope: string, configured: string | undefined): string | undefined {
  if (configured !== undefined) return configured || undefined;
  return scope.split(' ').includes('offline_access') ? 'consent' : undefined;
}

/** RFC 8707 `resource` (repeatable), the widespread `audience` and `--param`s, for every login request. */
export function targetParams(target: {
  resource?: readonly string[];
  audience?: string;
  params?: Readonly<Record<string, string>>;
}): URLSearchParams {
  const params = new URLSearchParams(target.params ?? {});
  for (const r of target.resource ?? []) if (r) params.append('resource', r);
  if (target.audience) params.set('audience', target.audience);
  return params;
}
