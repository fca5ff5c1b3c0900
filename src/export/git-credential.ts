/**
 * git's credential helper protocol (`git help credential`): `key=value` lines on stdin, ended
 * by a blank line or EOF; `key[]` repeats. The answer is the same format on stdout.
 */
import type { Token } from '../core/token.ts';

export interface GitCredentialRequest {
  protocol?: string;
  host?: string;
  path?: string;
  username?: string;
  password?: string;
  /** `capability[]` git announced (2.46+: `authtype`, `state`). */
  capabilities: string[];
  /** `wwwauth[]`: the server's WWW-Authenticate challenges, as git saw them (2.41+). */
  wwwauth: string[];
  /** A pre-encoded credential git is erasing (the bearer form). */
  credential?: string;
}

export function parseGitCredential(text: string): GitCredentialRequest {
  const request: GitCredentialRequest = { capabilities: [], wwwauth: [] };
  for (const line of text.split('\n')) {
    const clean = line.replace(/\r$/, '');
    if (clean === '') break;
    const eq = clean.indexOf('=');
    if (eq < 1) continue;
    const key = clean.slice(0, eq);
    const value = clean.slice(eq + 1);
    if (key === 'capability[]') request.capabilities.push(value);
    else if (key === 'wwwauth[]') request.wwwauth.push(value);
    else if (
      key === 'protocol' ||
      key === 'host' ||
      key === 'path' ||
      key === 'username' ||
      key === 'password' ||
      key === 'credential'
    )
      request[key] = value;
  }
  return request;
}

/** A value git would misread: a newline ends the line, NUL ends the string (git refuses both). */
function safe(value: string): string {
  if (/[\n\0]/.test(value)) throw new Error('a credential value holds a newline or NUL');
  return value;
}

/**
 * The answer to `get`. The bearer form (`authtype=Bearer`, `credential=`) only when git said it
 * understands it and the server asked for Bearer; otherwise the username and the token as
 * password, which every git and most forges accept. `password_expiry_utc` (git 2.41+) stops a
 * newer git, or a storing helper after this one, from using the token past its expiry; older
 * gits ignore keys they do not know.
 */
export function formatGitCredential(request: GitCredentialRequest, token: Token, username: string): string {
  const lines: string[] = [];
  if (request.protocol) lines.push(`protocol=${safe(request.protocol)}`);
  if (request.host) lines.push(`host=${safe(request.host)}`);
  const bearer =
    request.capabilities.includes('authtype') && request.wwwauth.some((c) => /^bearer\b/i.test(c.trim()));
  if (bearer) {
    lines.push('capability[]=authtype', 'authtype=Bearer', `credential=${safe(token.accessToken)}`);
  } else {
    lines.push(`username=${safe(request.username || username)}`, `password=${safe(token.accessToken)}`);
  }
  if (token.expiresAt) lines.push(`password_expiry_utc=${Math.floor(token.expiresAt.getTime() / 1000)}`);
  return `${lines.join('\n')}\n`;
}
