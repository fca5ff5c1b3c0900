import { isTokenRelayError } from '../core/errors.ts';
import type { ResolveContext } from '../core/resolver.ts';
import { environmentKey, type Settings } from '../core/settings.ts';
import { lookupEnvironment } from '../sources/stored.ts';
import type { CredentialStore } from '../store/types.ts';

export interface LogoutRequest {
  settings: Settings;
  env: Record<string, string | undefined>;
}

export interface LogoutDeps {
  openStore: () => Promise<CredentialStore>;
  warn: (line: string) => void;
  debug?: (line: string) => void;
}

export interface LogoutResult {
  /** undefined when nothing is stored anywhere and no environment is configured. */
  environment?: string;
  sessionRemoved: boolean;
  tokenRemoved: boolean;
  revocation?: { ok: boolean; message: string };
  storage: string;
  /** Why the OS keychain could not be searched, when nothing was found elsewhere. */
  keychainUnusable?: string;
}

/**
 * `auth logout`: what `auth login` saved for the environment — the session and an API token
 * saved with `--with-token` — leaves this machine first, then the session's refresh token is
 * revoked, best effort: a server that cannot be reached must not keep a credential on disk. A
 * file or keychain entry that cannot be read is no reason to keep it either: it is reported and
 * removed. A client registration is kept: it is no login, and the next login reuses it.
 */
export async function logout(req: LogoutRequest, logoutDeps: LogoutDeps): Promise<LogoutResult> {
  const deps = { ...logoutDeps, warn: once(logoutDeps.warn) };
  // An unusable keychain is said once, in the report (noteKeychain), and only when it matters: nothing
  // was found in the file, so a session could be sitting in the keychain out of reach.
  const store = await deps.openStore();
  const environment = await chooseEnvironment(req, store, deps);
  return logoutOf(environment, req.settings, store, deps);
}

/** `auth logout --all-environments`: every environment something is stored for, one report each. */
export async function logoutEverywhere(req: LogoutRequest, logoutDeps: LogoutDeps): Promise<LogoutResult[]> {
  const deps = { ...logoutDeps, warn: once(logoutDeps.warn) };
  const store = await deps.openStore();
  const records = (await readOrWarn(() => store.list(), deps.warn)) ?? [];
  const environments = [
    ...new Set(records.filter((r) => r.kind !== 'client').map((r) => r.environment)),
  ].sort();
  if (environments.length === 0) return [await logoutOf(undefined, req.settings, store, deps)];
  const results: LogoutResult[] = [];
  const own = environmentKey(req.settings);
  for (const environment of environments) {
    const settings = environment === own ? req.settings : transportOnly(req.settings);
    results.push(await logoutOf(environment, settings, store, deps));
  }
  return results;
}

/**
 * Another environment's session is revoked with what it saved itself: the configured server
 * and client belong to one environment, and its secret must not travel to another's server.
 */
function transportOnly(settings: Settings): Settings {
  const { revocationEndpoint, clientSecret, privateKey, clientId, issuer, tokenEndpoint, ...rest } = settings;
  return rest as Settings;
}

async function logoutOf(
  environment: string | undefined,
  settings: Settings,
  store: CredentialStore,
  deps: LogoutDeps,
): Promise<LogoutResult> {
  const result: LogoutResult = {
    sessionRemoved: false,
    tokenRemoved: false,
    storage: store.location,
  };
  if (!environment) return noteKeychain(result, store);
  result.environment = environment;
  // Looked at before locking: the lock creates the config directory, and a machine that never
  // logged in should not gain one. Anything there, even unreadable, goes through the lock.
  if (!(await anythingStored(store, environment, deps.warn))) return noteKeychain(result, store);
  const session = await store.withLock(environment, async () => {
    const found = await readOrWarn(() => store.get(environment, 'oauth'), deps.warn);
    result.sessionRemoved = await store.delete(environment, 'oauth');
    result.tokenRemoved = await store.delete(environment, 'static');
    return found;
  });
  if (!result.sessionRemoved && !result.tokenRemoved) noteKeychain(result, store);
  const revocable = session?.refreshToken ?? session?.accessToken;
  if (session && revocable) {
    const { revokeSession } = await import(/* webpackMode: "eager" */ './revoke-session.ts');
    result.revocation = await revokeSession(session, settings, store, deps.debug);
    if (!result.revocation.ok)
      deps.warn(`${result.revocation.message} ${removedHere(session, environment, result)}`);
  }
  return result;
}

/** What left this machine all the same, in words: the server's refusal does not undo it. */
function removedHere(session: { refreshToken?: string }, environment: string, result: LogoutResult): string {
  const tokens = session.refreshToken ? 'its access and refresh tokens' : 'its access token';
  const also = result.tokenRemoved ? ', and the saved API token with it' : '';
  return `The session for ${environment} (${tokens}) was removed from this machine${also}.`;
}

/**
 * Nothing found in the file: a session kept in an unreachable keychain is out of reach, and the
 * user should know — in the one report the face prints, not as a warning beside it.
 */
function noteKeychain(result: LogoutResult, store: CredentialStore): LogoutResult {
  if (store.fallbackReason) result.keychainUnusable = store.fallbackReason;
  return result;
}

async function chooseEnvironment(
  req: LogoutRequest,
  store: CredentialStore,
  deps: LogoutDeps,
): Promise<string | undefined> {
  const ctx: ResolveContext = {
    settings: req.settings,
    env: req.env,
    environment: environmentKey(req.settings),
    ...(deps.debug ? { debug: deps.debug } : {}),
  };
  // Several stored and none named is a usage error there, listing them.
  return readOrWarn(() => lookupEnvironment(ctx, store), deps.warn);
}

async function anythingStored(store: CredentialStore, environment: string, warn: Warn): Promise<boolean> {
  let found = false;
  for (const kind of ['oauth', 'static'] as const) {
    try {
      if (await store.get(environment, kind)) found = true;
    } catch (e) {
      if (!isTokenRelayError(e) || e.kind !== 'storage') throw e;
      warn(e.describe());
      found = true;
    }
  }
  return found;
}

type Warn = (line: string) => void;

/** The same unreadable entry is met before and inside the lock; say it once. */
function once(warn: Warn): Warn {
  const said = new Set<string>();
  return (line) => {
    if (said.has(line)) return;
    said.add(line);
    warn(line);
  };
}

/** A storage error (a corrupt file, already moved aside and named in the message) is said, not fatal. */
async function readOrWarn<T>(read: () => Promise<T>, warn: (line: string) => void): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (!isTokenRelayError(e) || e.kind !== 'storage') throw e;
    warn(e.describe());
    return undefined;
  }
}
