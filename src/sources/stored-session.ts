import { authError, isTokenRelayError } from '../core/errors.ts';
import { sessionIsOther } from '../core/identity.ts';
import type { ResolveContext, TokenSource } from '../core/resolver.ts';
import type { ResolvedToken } from '../core/token.ts';
import type { CredentialStore, OAuthRecord } from '../store/types.ts';
import {
  lookupEnvironment,
  MIN_VALIDITY_SECONDS,
  noteKeychainOutOfReach,
  type StoredDeps,
  sessionWindowSeconds,
  storeLabel,
} from './stored.ts';

/** Sends the refresh grant and returns the session as it should be saved (not saved yet). */
export type SessionRefresher = (
  record: OAuthRecord,
  ctx: ResolveContext,
  store: CredentialStore,
  warn?: (line: string) => void,
) => Promise<OAuthRecord>;

export interface SessionSourceOptions extends StoredDeps {
  /** false for `auth status --offline`: the session as stored, expired or not, and nothing sent. */
  refresh?: boolean;
  /** A seam for tests; the default loads the OAuth and HTTP libraries only when it runs. */
  refresher?: SessionRefresher;
  now?: () => number;
  /** Where a refresh that worked but has something to report says it (the CLI: stderr). */
  warn?: (line: string) => void;
}

const LOGIN_AGAIN = "Run 'tokenrelay auth login' again.";

/**
 * 4. The OAuth session `auth login` saved: its access token while it has more than the
 * refresh window left, else refreshed — once, however many processes ask at the same moment.
 */
export function storedSessionSource(options: SessionSourceOptions): TokenSource {
  const now = options.now ?? Date.now;
  return {
    id: 'stored-session',
    how: 'OAuth session',
    configured: () => true,
    describe: (ctx) => `an OAuth session for ${ctx.environment ?? 'the only environment stored'}`,
    async resolve(ctx) {
      const store = await options.store();
      const environment = await lookupEnvironment(ctx, store);
      const seen = environment ? await store.get(environment, 'oauth') : undefined;
      if (!environment || !seen) {
        noteKeychainOutOfReach(ctx, store, environment, 'oauth');
        return undefined;
      }
      // A session is a whole identity: not used when the settings name another server or client.
      const other = sessionIsOther(ctx.settings, seen);
      if (other) {
        ctx.debug?.(
          `stored session for ${environment}: not used, the settings name another identity (${other})`,
        );
        return undefined;
      }
      const label = `stored session (${storeLabel(store)})`;
      if (options.refresh === false) {
        // As stored: an expired access token with a refresh token is renewed on a real ask.
        const renewable = Boolean(seen.refreshToken) && secondsLeft(seen, now()) <= 0;
        return { ...fromRecord(seen, label), ...(renewable ? { renewable } : {}) };
      }
      const configured = ctx.settings.refreshWindowSeconds;
      if (secondsLeft(seen, now()) > sessionWindowSeconds(seen, configured)) return fromRecord(seen, label);
      const refresher = options.refresher ?? defaultRefresher;
      let wasRefreshed = false;
      // Read -> refresh -> write under one lock: with rotating refresh tokens, two processes
      // refreshing at once would replay a spent token, and the server then revokes the session.
      const current = await store.withLock(environment, async () => {
        const latest = await store.get(environment, 'oauth');
        if (!latest)
          throw authError('The session was removed (logged out) while this command ran.', LOGIN_AGAIN);
        const left = secondsLeft(latest, now());
        if (left > sessionWindowSeconds(latest, configured)) return latest;
        // Another process refreshed while this one waited for the lock: use its token, even
        // when the refresh window is longer than the server's token lifetime.
        if (latest.accessToken !== seen.accessToken && left > MIN_VALIDITY_SECONDS) return latest;
        if (!latest.refreshToken) {
          // Dead for sure: the resolver's verdict ("expired", exit 4 unless a later source answers).
          if (left > MIN_VALIDITY_SECONDS || left <= 0) return latest;
          throw authError(
            'Your session has expired and cannot be refreshed (no refresh token).',
            LOGIN_AGAIN,
          );
        }
        let refreshed: OAuthRecord;
        try {
          refreshed = await refresher(latest, ctx, store, options.warn);
        } catch (e) {
          // The server is unreachable but the token still works for a while: use it. A
          // rejected refresh token (exit 4) is never papered over.
          if (isTokenRelayError(e) && e.kind !== 'auth' && left > MIN_VALIDITY_SECONDS) {
            ctx.debug?.(`stored session: refresh failed (${e.describe()}); using the token, ${left} s left`);
            return latest;
          }
          throw e;
        }
        // Saved before it is handed out: the old refresh token is spent, and a crash after
        // printing but before saving would leave only a token the server has revoked.
        await store.put(refreshed);
        ctx.debug?.('stored session: refreshed and saved');
        wasRefreshed = true;
        return refreshed;
      });
      return { ...fromRecord(current, label), ...(wasRefreshed ? { refreshed: true } : {}) };
    },
  };
}

/** Seconds the access token has left; a session saved without an expiry never expires here. */
export function secondsLeft(record: Pick<OAuthRecord, 'expiresAt'>, now: number): number {
  if (!record.expiresAt) return Number.POSITIVE_INFINITY;
  const at = Date.parse(record.expiresAt);
  return Number.isNaN(at) ? 0 : Math.floor((at - now) / 1000);
}

const defaultRefresher: SessionRefresher = async (record, ctx, store, warn) => {
  const { refreshSession } = await import(/* webpackMode: "eager" */ './refresh-session.ts');
  return refreshSession(record, ctx, store, warn);
};

/** The refresh and ID tokens stay in the store: nothing downstream needs them. */
function fromRecord(record: OAuthRecord, sourceLabel: string): ResolvedToken {
  return {
    accessToken: record.accessToken,
    tokenType: record.tokenType,
    ...(record.expiresAt ? { expiresAt: new Date(record.expiresAt) } : {}),
    ...(record.scope ? { scope: record.scope } : {}),
    source: 'stored-session',
    sourceLabel,
    method: 'oauth',
    environment: record.environment,
    ...(record.identity ? { identity: record.identity } : {}),
    ...(record.tenant ? { tenant: record.tenant } : {}),
    ...(record.workspace ? { workspace: record.workspace } : {}),
  };
}
