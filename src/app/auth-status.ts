import { normaliseEnvironment } from '../core/environment.ts';
import { isTokenRelayError, NotAuthenticatedError, type TokenRelayError } from '../core/errors.ts';
import { type Checked, orderSources, type ResolveContext, resolveToken } from '../core/resolver.ts';
import { environmentKey, type Settings } from '../core/settings.ts';
import type { Identity, ResolvedToken, SourceId } from '../core/token.ts';
import { jwtExpiry } from '../oauth/token-expiry.ts';
import { envSource } from '../sources/explicit.ts';
import { sessionWindowSeconds } from '../sources/stored.ts';
import { lazyStore } from '../store/lazy-store.ts';
import type { CredentialStore, OAuthRecord, StoreBackend } from '../store/types.ts';
import { type Collaborators, chainFor } from './chain.ts';
import { settingsFor, storedEnvironments } from './environments.ts';
import { checkAgainstApi, defaultChecker, type StatusCheck, type TokenChecker } from './status-check.ts';
import { storedSourcesFrom } from './stored-sources.ts';

/** `expiring`: inside the refresh window; `unknown`: no expiry known (an opaque API key). */
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
  /** How this very ask got the token: minted now, found in the job's cache, or refreshed now. */
  obtained?: 'minted' | 'cached' | 'refreshed';
  /** Each source's verdict, in the order the chain asked them (skipped expired tokens first). */
  checked: Checked[];
  storage: StorageInfo;
  /** Asked of the API (unless offline), or why the chain stopped; absent for configured sources. */
  check?: StatusCheck;
  /** The default environment set by `auth switch`, when several are listed. */
  active?: boolean;
}

export interface StatusDeps {
  openStore: () => Promise<CredentialStore>;
  redact: (token: string) => string;
  /** What `auth token` hands the chain besides the store: the cache, extra parameters, the face. */
  collaborators?: Omit<Collaborators, 'stored'>;
  debug?: (line: string) => void;
  warn?: (line: string) => void;
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
 * What `auth status` shows: the answer of the very chain `auth token` asks — client
 * credentials minted (or found in the job's cache), a stored session refreshed when its
 * access token has expired, a token known to be expired passed over — then the token checked
 * against the API. A source that says no (a refused secret, a revoked refresh token) is the
 * report. With --offline nothing is sent: what is held here is shown as stored, and a source
 * that would mint is reported as configured. undefined means nothing would authenticate.
 */
export async function authStatus(
  settings: Settings,
  env: Record<string, string | undefined>,
  deps: StatusDeps,
  given?: { token: string; label: string },
): Promise<AuthStatus | undefined> {
  const store = lazyStore(deps.openStore);
  const checked: Checked[] = [];
  const ctx: ResolveContext = {
    settings,
    env,
    environment: environmentKey(settings),
    ...(given ? { token: given.token, tokenLabel: given.label } : {}),
    notes: deps.notes ?? [],
    checked,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.debug ? { debug: deps.debug } : {}),
    ...(deps.warn ? { warn: deps.warn } : {}),
  };
  const stored = storedSourcesFrom(store);
  const chain = orderSources(
    deps.offline
      ? chainFor('status', settings, { ...deps.collaborators, stored })
      : chainFor('auto', settings, { ...deps.collaborators, stored }),
  );
  let token: ResolvedToken | undefined;
  let failure: TokenRelayError | undefined;
  try {
    token = await resolveToken(deps.offline ? chain.filter((source) => !source.mints) : chain, ctx);
  } catch (e) {
    // A source's own no (recorded in `checked`) is the report; anything else is the command's error.
    if (!(e instanceof NotAuthenticatedError) && isTokenRelayError(e) && checked.length) failure = e;
    else if (!(e instanceof NotAuthenticatedError)) throw e;
  }
  const opened = await store();
  const storage: StorageInfo = { backend: opened.backend, location: opened.location };
  if (opened.fallbackReason) storage.fallbackReason = opened.fallbackReason;
  if (ctx.notes?.length) storage.outOfReach = ctx.notes.join(' ');
  const environment = ctx.environment ? { environment: ctx.environment } : {};
  const last = checked.at(-1);
  if (failure && last) {
    const source = chain.find((s) => s.id === last.source)!;
    const base = {
      ...environment,
      how: source.how,
      source: last.source,
      refreshable: false,
      checked,
      storage,
    };
    if (last.verdict.state === 'expired') {
      const at = last.verdict.at;
      const check: StatusCheck = { status: 'not_checked', reason: 'expired', error: failure };
      return { ...base, sourceLabel: last.label, expiresAt: at, state: 'expired', check };
    }
    const label = `${source.how} (${source.describe(ctx)})`;
    const host = serverHost(source.id, settings);
    const check: StatusCheck =
      last.verdict.state === 'rejected'
        ? { status: 'rejected', ...(host ? { host } : {}), error: failure }
        : { status: 'not_checked', reason: 'failed', ...(host ? { host } : {}), error: failure };
    return { ...base, sourceLabel: label, state: 'unknown', check };
  }
  if (!token) {
    // Offline, a source that would mint a token is reported as configured (first in the resolver's order).
    const minting = deps.offline ? chain.find((source) => source.mints && source.configured(ctx)) : undefined;
    if (!minting) return undefined;
    return {
      ...environment,
      how: minting.how,
      source: minting.id,
      sourceLabel: `${minting.how} configured (${minting.describe(ctx)})`,
      state: 'configured',
      refreshable: false,
      checked,
      storage,
      check: { status: 'not_checked', reason: 'offline' },
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
  const minted = token.method === 'client-credentials' || token.method === 'oidc';
  const obtained = token.cached ? 'cached' : token.refreshed ? 'refreshed' : minted ? 'minted' : undefined;
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
    ...(obtained ? { obtained } : {}),
    checked,
    storage,
    check,
  };
}

/** The server a minting source asks, for "Rejected by HOST"; a session's refusal names its own. */
function serverHost(source: SourceId, settings: Settings): string | undefined {
  if (source !== 'client-credentials' && source !== 'federation') return undefined;
  const url = settings.tokenEndpoint ?? settings.issuer;
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
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

function stateOf(expiresAt: Date | undefined, windowSeconds: number, now: number): TokenState {
  if (!expiresAt) return 'unknown';
  const left = (expiresAt.getTime() - now) / 1000;
  if (left <= 0) return 'expired';
  return left <= windowSeconds ? 'expiring' : 'valid';
}
