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
  type Refused,
  refusal,
  refusedEverywhere,
  serverSaid,
  type TokenOrigin,
  type ValidateNames,
} from './refusal.ts';
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
  /** How messages name the settings (as the user gave them); default the CLI flags. */
  names?: ValidateNames;
  /** Where the token came from, when known: a refusal of a minted token has other likely causes. */
  origin?: TokenOrigin;
}

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
  const names = opts.names ?? {};
  const origin = opts.origin ?? {};
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
  const answer = await refused(res);
  if (res.status === 403 && Object.keys(scoping).length > 0) {
    const given = [
      opts.tenant && { what: `tenant ${opts.tenant}`, setting: names.tenant ?? '--tenant' },
      opts.workspace && { what: `workspace ${opts.workspace}`, setting: names.workspace ?? '--workspace' },
    ].filter((g): g is { what: string; setting: string } => Boolean(g));
    const scope = given.map((g) => g.what).join(' and ');
    // Asked again without tenant/workspace: if the token itself is fine, the profile lists
    // what it may use, and the message can name the right values instead of a bare 403. If
    // it is refused there too, the tenant was never the problem.
    const unscoped = await ask({});
    if (unscoped.status === 200) {
      checkScope(parseProfile(await expectJsonObject(unscoped, policy.what)), opts);
    } else if (unscoped.status === 401 || unscoped.status === 403) {
      throw refusedEverywhere(await refused(unscoped), api, scope, names, origin);
    } else {
      await unscoped.body?.cancel();
    }
    throw new TokenRelayError(
      'auth',
      `${api} refused the token for ${scope} (HTTP 403).${serverSaid(answer.text)}`,
      `Check ${given.map((g) => g.setting).join(' / ')}, or use a token that has access to ${given.length > 1 ? 'them' : 'it'}.`,
    );
  }
  const headerConfigured = Boolean(opts.tokenHeader) && opts.tokenHeader!.toLowerCase() !== 'authorization';
  throw refusal(answer, { api, path, header: authName, headerConfigured }, names, origin);
}

/** The answer's status, text and challenge; its body read once here. */
async function refused(res: Response): Promise<Refused> {
  const text = await res.text().catch(() => '');
  return { status: res.status, text, challenge: res.headers.get('www-authenticate') };
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
