import { TokenRelayError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import type { Identity } from '../core/token.ts';
import { createFetch } from '../http/fetch.ts';
import { bodyExcerpt, expectJsonObject } from '../http/json-body.ts';
import { withRetries } from '../http/retry.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { assertSendableUrl } from '../http/url-policy.ts';
import { listed, type ParsedProfile, parseProfile } from './profile-shape.ts';
import {
  checkHeaderName,
  DEFAULT_PROFILE_PATH,
  profileUrl,
  routeFor,
  type TokenRoute,
  tokenHeader,
} from './token-route.ts';

export interface ValidateTokenOptions {
  apiUrl: string;
  profilePath?: string;
  /** 'Authorization' (default, `Bearer <t>`), 'Authorization: Token', or a header like 'X-API-Key'. */
  tokenHeader?: string;
  tenantHeader?: string;
  workspaceHeader?: string;
  tenant?: string;
  workspace?: string;
  routes?: TokenRoute[];
  token: string;
  transport: TransportOptions;
  /** How messages name the API; default its host. */
  apiName?: string;
  /** How messages name the tenant and workspace settings (as the user gave them); default the flags. */
  names?: { tenant?: string; workspace?: string };
}

const LOGIN_HINT =
  "Check that the token is current and meant for this API; create a new one or run 'tokenrelay auth login'.";

/**
 * Proves a token works by asking the API who it belongs to. A refusal is an auth error
 * (exit 4) that names the API; a tenant or workspace the token cannot use is caught here,
 * before a later step fails on it with a less helpful message.
 */
export async function validateToken(opts: ValidateTokenOptions): Promise<Identity> {
  const token = registerSecret(opts.token);
  const path = routeFor(token, opts.routes, opts.profilePath || DEFAULT_PROFILE_PATH);
  const url = assertSendableUrl(profileUrl(opts.apiUrl, path), 'the profile endpoint');
  const api = opts.apiName ?? url.host;
  const [authName, authValue] = tokenHeader(opts.tokenHeader || 'Authorization', token);
  const scoping = scopingHeaders(opts);
  const policy: RequestPolicy = { what: `the profile endpoint of ${api}`, retryable: true };
  const fetch = createFetch(opts.transport, policy);
  const ask = (extra: Record<string, string>) =>
    withRetries(
      () =>
        fetch(url.href, {
          method: 'GET',
          headers: { accept: 'application/json', [authName]: authValue, ...extra },
        }),
      opts.transport,
      policy,
    );

  const res = await ask(scoping);
  if (res.status === 200) {
    const profile = parseProfile(await expectJsonObject(res, policy.what));
    checkScope(profile, opts);
    return profile.identity;
  }
  const said = await serverSaid(res);
  if (res.status === 403 && Object.keys(scoping).length > 0) {
    // Asked again without tenant/workspace: if the token itself is fine, the profile lists
    // what it may use, and the message can name the right values instead of a bare 403.
    const unscoped = await ask({});
    if (unscoped.status === 200) {
      checkScope(parseProfile(await expectJsonObject(unscoped, policy.what)), opts);
    } else {
      await unscoped.body?.cancel();
    }
    const scope = [
      opts.tenant && `tenant ${opts.tenant}`,
      opts.workspace && `workspace ${opts.workspace}`,
    ].filter(Boolean);
    throw new TokenRelayError(
      'auth',
      `${api} refused the token for ${scope.join(' and ')} (HTTP 403).${said}`,
      `Check ${[opts.tenant && (opts.names?.tenant ?? '--tenant'), opts.workspace && (opts.names?.workspace ?? '--workspace')].filter(Boolean).join(' and ')}, or use a token that has access to them.`,
    );
  }
  throw refusal(res.status, api, path, said, authName);
}

function scopingHeaders(opts: ValidateTokenOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const tenantHeader = opts.tenantHeader || 'X-Tenant';
  if (opts.tenant) {
    checkHeaderName(tenantHeader, 'tenant header');
    headers[tenantHeader] = opts.tenant;
  }
  if (opts.workspace && opts.workspaceHeader) {
    checkHeaderName(opts.workspaceHeader, 'workspace header');
    headers[opts.workspaceHeader] = opts.workspace;
  }
  return headers;
}

function checkScope(profile: ParsedProfile, opts: ValidateTokenOptions): void {
  const check = (
    kind: 'tenant' | 'workspace',
    wanted: string | undefined,
    list: ParsedProfile['tenants'],
  ) => {
    if (!wanted || !list || list.length === 0 || listed(wanted, list)) return;
    const names = list.map((e) => e.label).join(', ');
    throw new TokenRelayError(
      'auth',
      `${kind} ${wanted} is not among the ${kind}s this token can use: ${bodyExcerpt(names, 300)}.`,
      `${setTo(opts.names?.[kind] ?? `--${kind}`)} to one of them, or use a token with access to ${wanted}.`,
    );
  };
  check('tenant', opts.tenant, profile.tenants);
  check('workspace', opts.workspace, profile.workspaces);
}

/** "Set --tenant", or for a stored choice the command that changes it: "Switch with '…' ". */
const setTo = (name: string) => (name.startsWith("'") ? `Switch with ${name}` : `Set ${name}`);

function refusal(status: number, api: string, path: string, said: string, header: string): TokenRelayError {
  if (status === 401 || status === 403) {
    const where = header.toLowerCase() === 'authorization' ? '' : ` in the ${header} header`;
    return new TokenRelayError(
      'auth',
      `The token${where} was rejected by ${api} (HTTP ${status}).${said}`,
      LOGIN_HINT,
    );
  }
  if (status === 404) {
    return new TokenRelayError(
      'protocol',
      `${api} has no profile endpoint at ${path} (HTTP 404).`,
      'Set --profile-path (TOKENRELAY_PROFILE_PATH) to the path of the API that returns the current user, and check --api-url.',
    );
  }
  return new TokenRelayError(
    'protocol',
    `The profile endpoint of ${api} answered HTTP ${status}.${said}`,
    'Check --api-url and --profile-path.',
  );
}

/** The server's own words, scrubbed and bounded; many APIs say why in `error_description` or `message`. */
async function serverSaid(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  let detail = '';
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const value = body.error_description ?? body.message ?? body.error;
    if (typeof value === 'string') detail = value;
  } catch {
    // Not JSON: an HTML error page says nothing a CI log needs.
  }
  const clean = bodyExcerpt(detail, 200);
  return clean ? ` The API said: ${/[.!?…]$/.test(clean) ? clean : `${clean}.`}` : '';
}
