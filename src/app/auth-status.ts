import { normaliseEnvironment } from '../core/environment.ts';
import { NotAuthenticatedError } from '../core/errors.ts';
import { orderSources, type ResolveContext, resolveToken, type TokenSource } from '../core/resolver.ts';
import { environmentKey, type Settings } from '../core/settings.ts';
import type { Identity, ResolvedToken, SourceId } from '../core/token.ts';
import { jwtExpiry } from '../oauth/token-expiry.ts';
import { envSource } from '../sources/explicit.ts';
import { sessionWindowSeconds } from '../sources/stored.ts';
import { lazyStore } from '../store/lazy-store.ts';
import type { CredentialStore, OAuthRecord, StoreBackend } from '../store/types.ts';
import { chainFor } from './chain.ts';
import { settingsFor, storedEnvironments } from './environments.ts';
import { checkAgainstApi, defaultChecker, type StatusCheck, type TokenChecker } from './status-check.ts';
import { storedSourcesFrom } from './stored-sources.ts';

/** `expiring`: inside the refresh window; `unknown`: no expiry recorded (an opaque API key). */
export type TokenState = 'valid' | 'expiring' | 'expired' | 'unknown' | 'configured';

export interface StorageInfo {
  backend: StoreBackend;
  location: string;
  fallbackReason?: string;
  /** The keychain cannot be reached but holds credentials (per its index): what, why, ways out. */
  outOfReach?: string;
}

export interface AuthStatus {
  environment?: string;
  /** How: an OAuth session, a saved token, a variable, a flag, or client credentials. */
  how: string;
  source: SourceId;
  sourceLabel: string;
  identity?: Identity;
  tenant?: string;
  workspace?: string;
  tokenRedacted?: string;
  expiresAt?: Date;
  state: TokenState;
  /** A stored session with a refresh token: the next `auth token` renews it. */
  refreshable: boolean;
  storage: StorageInfo;
  /** Asked of the API (unless offline); absent for configured sources, which hold no token yet. */
  check?: StatusCheck;
  /** The default environment set by `auth switch`, when several are listed. */
  active?: boolean;
}

export interface StatusDeps {
  openStore: () => Promise<CredentialStore>;
  redact: (token: string) => string;
  debug?: (line: string) => void;
  now?: () => number;
  /** `--offline`: nothing is sent, and the report says the token was not checked. */
  offline?: boolean;
  /** Asks the profile endpoint; a seam for tests. */
  checker?: TokenChecker;
  /**
   * Filled with why stored credentials could not be used (a keychain out of reach), for the
   * face to say when nothing authenticates: then there is no AuthStatus to carry it.
   */
  notes?: string[];
}

/**
 * What `auth status` shows: the resolver's answer, asked the way `auth token` asks but without
 * side effects — the session is reported as stored (never refreshed), and client credentials
 * are reported as configured (never minted: status must not cost a token). undefined means
 * nothing would authenticate.
 */
export async function authStatus(
  settings: Settings,
  env: Record<string, string | undefined>,
  deps: StatusDeps,
  given?: { token: string; label: string },
): Promise<AuthStatus | undefined> {
  const store = lazyStore(deps.openStore);
  const ctx: ResolveContext = {
    settings,
    env,
    environment: environmentKey(settings),
    ...(given ? { token: given.token, tokenLabel: given.label } : {}),
    notes: deps.notes ?? [],
    ...(deps.debug ? { debug: deps.debug } : {}),
  };
  const chain = orderSources(chainFor('status', settings, { stored: storedSourcesFrom(store) }));
  const token = await resolveOrUndefined(
    chain.filter((source) => !source.mints),
    ctx,
  );
  const opened = await store();
  const storage: StorageInfo = { backend: opened.backend, location: opened.location };
  if (opened.fallbackReason) storage.fallbackReason = opened.fallbackReason;
  if (ctx.notes?.length) storage.outOfReach = ctx.notes.join(' ');
  if (!token) {
    // A source that would mint a token is reported as configured (first in the resolver's order).
    const minting = chain.find((source) => source.mints && source.configured(ctx));
    if (!minting) return undefined;
    return {
      ...(ctx.environment ? { environment: ctx.environment } : {}),
      how: minting.how,
      source: minting.id,
      sourceLabel: `${minting.how} configured (${minting.describe(ctx)})`,
      state: 'configured',
      refreshable: false,
      storage,
    };
  }
  const session =
    token.source === 'stored-session' ? await opened.get(token.environment, 'oauth') : undefined;
  const window = session ? sessionWindowSeconds(session, ctx.settings.refreshWindowSeconds) : 0;
  const expiresAt = token.expiresAt ?? jwtExpiry(token.accessToken);
  const state = stateOf(expiresAt, window, (deps.now ?? Date.now)());
  const apiUrl = settings.apiUrl ?? storedApiUrl(token, session);
  const check: StatusCheck =
    state === 'expired'
      ? { status: 'not_checked', reason: 'expired' }
      : !apiUrl
        ? { status: 'not_checked', reason: 'no_api_url' }
        : deps.offline
          ? { status: 'not_checked', reason: 'offline', host: new URL(apiUrl).host }
          : await checkAgainstApi(
              token.accessToken,
              apiUrl,
              settings,
              token,
              deps.checker ?? defaultChecker(deps.debug),
            );
  const identity = check.status === 'valid' ? check.identity : token.identity;
  return {
    // A token from a flag or variable with no API configured belongs to no known environment.
    ...(ctx.environment || token.source.startsWith('stored') ? { environment: token.environment } : {}),
    how: chain.find((source) => source.id === token.source)!.how,
    source: token.source,
    sourceLabel: token.sourceLabel,
    ...(identity ? { identity } : {}),
    ...(token.tenant ? { tenant: token.tenant } : {}),
    ...(token.workspace ? { workspace: token.workspace } : {}),
    tokenRedacted: deps.redact(token.accessToken),
    ...(expiresAt ? { expiresAt } : {}),
    state,
    refreshable: Boolean(session?.refreshToken),
    storage,
    check,
  };
}

/** A saved token is always filed under its API's URL; a session only when it was logged in with one. */
function storedApiUrl(token: ResolvedToken, session: OAuthRecord | undefined): string | undefined {
  if (token.source === 'stored-token') return token.environment;
  if (session && normaliseEnvironment(session.issuer) !== session.environment) return session.environment;
  return undefined;
}

/**
 * `auth status` as gh shows it: with no environment named and several stored, one report per
 * stored environment (the default one `auth switch` chose marked active); otherwise one.
 * A token given by flag or variable is the only one that would be used, so it alone is shown.
 */
export async function authStatusReport(
  settings: Settings,
  env: Record<string, string | undefined>,
  deps: StatusDeps,
  options: {
    given?: { token: string; label: string };
    narrowed: boolean;
    active?: string;
    /** The settings before a default environment filled them in: what each listed one starts from. */
    base?: Settings;
  },
): Promise<AuthStatus[]> {
  const store = lazyStore(deps.openStore);
  const one = { ...deps, openStore: store };
  const single = async () => {
    const status = await authStatus(settings, env, one, options.given);
    return status ? [status] : [];
  };
  if (options.narrowed || options.given) return single();
  const ctx: ResolveContext = { settings, env, environment: undefined };
  if (await envSource.resolve(ctx)) return single();
  const environments = await storedEnvironments(await store());
  if (environments.length < 2) return single();
  const reports: AuthStatus[] = [];
  for (const stored of environments) {
    const status = await authStatus(settingsFor(options.base ?? settings, stored), env, one);
    if (status) reports.push({ ...status, active: stored.environment === options.active });
  }
  return reports;
}

async function resolveOrUndefined(
  sources: TokenSource[],
  ctx: ResolveContext,
): Promise<ResolvedToken | undefined> {
  try {
    return await resolveToken(sources, ctx);
  } catch (e) {
    if (e instanceof NotAuthenticatedError) return undefined;
    throw e;
  }
}

function stateOf(expiresAt: Date | undefined, windowSeconds: number, now: number): TokenState {
  if (!expiresAt) return 'unknown';
  const left = (expiresAt.getTime() - now) / 1000;
  if (left <= 0) return 'expired';
  return left <= windowSeconds ? 'expiring' : 'valid';
}
