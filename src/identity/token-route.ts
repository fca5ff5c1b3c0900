import { usageError } from '../core/errors.ts';

/** Where a token of a given shape is validated: `rexec_…` keys and JWTs often differ. */
export interface TokenRoute {
  /** Tokens starting with this go to `path`. */
  prefix?: string;
  /** JWT-shaped tokens go to `path`. */
  jwt?: boolean;
  path: string;
}

export const DEFAULT_PROFILE_PATH = '/api/v1/profile';

/** The first route the token matches, else the profile path. */
export function routeFor(token: string, routes: TokenRoute[] | undefined, profilePath: string): string {
  for (const route of routes ?? []) {
    if (route.prefix && token.startsWith(route.prefix)) return route.path;
    if (route.jwt && isJwtShaped(token)) return route.path;
  }
  return profilePath;
}

/** Three base64url segments whose first decodes to a JOSE header. Not a signature check. */
function isJwtShaped(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p, i) => /^[\w-]*$/.test(p) && (i === 2 || p.length > 0)))
    return false;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    return (
      typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}

/**
 * The base URL's own path is kept (`https://host/gitlab` + `/api/v4/user`): APIs served under
 * a prefix are common, and resolving an absolute path against the base would drop it.
 */
export function profileUrl(apiUrl: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    throw usageError(
      `The profile path must be a path on the API (like ${DEFAULT_PROFILE_PATH}), not a URL.`,
      'Set the API base URL with --api-url and the path with --profile-path.',
    );
  }
  // The API URL's path is a prefix and its query (an API version, say) is kept; the profile
  // path goes in between exactly as given, its own trailing slash and query included.
  let base: URL;
  try {
    base = new URL(apiUrl);
  } catch {
    return `${apiUrl}/${path}`; // refused, with the usual message, by assertSendableUrl
  }
  const [pathPart = '', pathQuery] = splitQuery(path);
  const joined = `${base.pathname.replace(/\/+$/, '')}/${pathPart.replace(/^\/+/, '')}`;
  const query = [base.search.slice(1), pathQuery].filter(Boolean).join('&');
  return `${base.origin}${joined}${query ? `?${query}` : ''}`;
}

function splitQuery(path: string): [string, string | undefined] {
  const at = path.indexOf('?');
  return at < 0 ? [path, undefined] : [path.slice(0, at), path.slice(at + 1)];
}

const HEADER_NAME = /^[!#$%&'*+.^`|~\w-]+$/;

/**
 * The header carrying the token. `Authorization` means `Bearer <token>`; `Authorization: Token`
 * picks another scheme; any other name (`X-API-Key`, `PRIVATE-TOKEN`) carries the token raw.
 */
export function tokenHeader(setting: string, token: string): [string, string] {
  if (/[\r\n]/.test(token)) {
    throw usageError(
      'The token contains a line break, so it cannot be sent in a header.',
      'Check how it was copied.',
    );
  }
  const [rawName, ...rest] = setting.split(':');
  const name = rawName!.trim();
  const scheme = rest.join(':').trim();
  checkHeaderName(name, 'token header');
  if (scheme) return [name, `${scheme} ${token}`];
  return [name, name.toLowerCase() === 'authorization' ? `Bearer ${token}` : token];
}

export function checkHeaderName(name: string, what: string): void {
  if (!HEADER_NAME.test(name)) {
    throw usageError(`The ${what} "${name.slice(0, 40)}" is not a valid HTTP header name.`);
  }
}
