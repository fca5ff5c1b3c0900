import type * as oauth from 'oauth4webapi';
import type { Settings } from '../core/settings.ts';
import type { Identity } from '../core/token.ts';
import { bodyExcerpt } from '../http/json-body.ts';
import type { TransportOptions } from '../http/types.ts';
import { validateWithSettings } from './validate-token.ts';

export interface CapturedIdentity {
  identity?: Identity;
  tenant?: string;
  workspace?: string;
}

/**
 * Who logged in and what for: the ID token's claims, then — when the API is known — what
 * its profile endpoint says about the new token, which also proves the token works there
 * (a refusal fails the login before anything is saved).
 */
export async function captureIdentity(
  settings: Settings,
  accessToken: string,
  idClaims: oauth.IDToken | undefined,
  transport: TransportOptions,
  kept: { tenant?: string; workspace?: string } = {},
): Promise<CapturedIdentity> {
  let identity = idClaims ? fromClaims(idClaims) : undefined;
  const { apiUrl } = settings;
  if (apiUrl) {
    const profile = await validateWithSettings(accessToken, { ...settings, apiUrl }, transport, settings);
    identity = { ...identity, ...profile };
  }
  return scoped(settings, identity, kept);
}

/**
 * The tenant and workspace later commands default to: the configured one, else the one the
 * previous login here used (`kept`; chosen with `auth switch --tenant`, so logging in again
 * keeps it while the identity still lists it), else the only one there is.
 */
export function scoped(
  settings: Settings,
  identity: Identity | undefined,
  kept: { tenant?: string; workspace?: string } = {},
): CapturedIdentity {
  const captured: CapturedIdentity = {};
  if (identity && Object.keys(identity).length > 0) captured.identity = identity;
  const still = (value: string | undefined, list: string[] | undefined) =>
    value !== undefined && (!list?.length || list.includes(value)) ? value : undefined;
  const tenant = settings.tenant ?? still(kept.tenant, identity?.tenants) ?? only(identity?.tenants);
  const workspace =
    settings.workspace ?? still(kept.workspace, identity?.workspaces) ?? only(identity?.workspaces);
  if (tenant) captured.tenant = tenant;
  if (workspace) captured.workspace = workspace;
  return captured;
}

function fromClaims(claims: oauth.IDToken): Identity {
  const text = (v: unknown) => (typeof v === 'string' && v ? bodyExcerpt(v, 120) : undefined);
  const identity: Identity = {};
  const subject = text(claims.sub);
  const name = text(claims.name);
  const email = text(claims.email);
  const login = text(claims.preferred_username) ?? text(claims.nickname);
  if (subject) identity.subject = subject;
  if (name) identity.name = name;
  if (email) identity.email = email;
  if (login) identity.login = login;
  return identity;
}

const only = (list: string[] | undefined) => (list?.length === 1 ? list[0] : undefined);
