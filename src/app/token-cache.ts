import { authError, isTokenRelayError } from '../core/errors.ts';
import type { ResolveContext, TokenSource } from '../core/resolver.ts';
import { environmentKey, type Settings } from '../core/settings.ts';
import { sha256Hex } from '../core/sha256.ts';
import type { ResolvedToken } from '../core/token.ts';
import { sessionWindowSeconds } from '../sources/stored.ts';
import {
  type CacheEntry,
  openCacheDir,
  readEntry,
  removeEntry,
  withEntryLock,
  writeEntry,
} from '../store/token-cache.ts';

import type { TokenCacheDeps } from './cache-dir.ts';

type Env = Record<string, string | undefined>;

/**
 * The cache key: a hash of everything that decides which token the server mints — never a
 * secret, so a later step that was not given the secret finds the token its job minted. A
 * federated token is also tied to the CI job whose identity it carries.
 */
export function cacheKey(
  source: TokenSource['id'],
  settings: Settings,
  env: Env,
  extraParams: Record<string, string> = {},
): string | undefined {
  if (source === 'client-credentials' && !settings.clientId) return undefined;
  if (source === 'federation' && !settings.federation) return undefined;
  if (!settings.issuer && !settings.tokenEndpoint) return undefined;
  const hash = sha256Hex;
  const idToken = env[settings.idTokenEnv]?.trim();
  const ci =
    source !== 'federation'
      ? undefined
      : settings.idTokenFile
        ? `file:${settings.idTokenFile}`
        : idToken
          ? `token:${hash(idToken)}`
          : `github:${env.GITHUB_REPOSITORY}/${env.GITHUB_RUN_ID}/${env.GITHUB_RUN_ATTEMPT}/${env.GITHUB_JOB}`;
  const material = JSON.stringify([
    1,
    source,
    environmentKey(settings),
    settings.issuer,
    settings.tokenEndpoint,
    settings.clientId,
    settings.clientAuth,
    settings.scope,
    settings.audience,
    settings.resource,
    settings.tenant,
    settings.workspace,
    settings.tenantParam,
    settings.workspaceParam,
    settings.federation,
    settings.oidcAudience,
    settings.subjectTokenType,
    settings.requestedTokenType,
    settings.grant,
    settings.assertionIssuer,
    settings.assertionSubject,
    settings.assertionAudience,
    Object.entries(extraParams).sort(),
    ci,
  ]);
  return hash(material).slice(0, 32);
}

const KEEP_FRESH_HINT =
  'Set `keep-fresh: true` on the tokenrelay step so later steps can mint again, or give this step the client secret (TOKENRELAY_CLIENT_SECRET).';
const SECRET_HINT =
  'Give this command the client secret (TOKENRELAY_CLIENT_SECRET) or key (TOKENRELAY_PRIVATE_KEY).';

/**
 * A minting source behind the cache: a cached token while it is outside its refresh window,
 * else minted once — however many processes ask at the same moment — and cached. When this
 * process cannot mint (no secret), a cached token still valid is used; an expired one that
 * client credentials minted says how to let later steps mint again (exit 4).
 */
export function cachedSource(
  inner: TokenSource,
  cache: TokenCacheDeps,
  extraParams?: Record<string, string>,
): TokenSource {
  const now = cache.now ?? Date.now;
  return {
    ...inner,
    async resolve(ctx) {
      const key = cacheKey(inner.id, ctx.settings, ctx.env, extraParams);
      if (!key) return inner.resolve(ctx);
      try {
        await openCacheDir(cache.dir, cache.warn);
      } catch (e) {
        cache.warn(`Not caching tokens: ${isTokenRelayError(e) ? e.describe() : String(e)}`);
        return inner.resolve(ctx);
      }
      const windowSeconds = ctx.settings.refreshWindowSeconds;
      const fresh = (e: CacheEntry | undefined) => e && secondsLeft(e, now()) > windowOf(e, windowSeconds);
      const seen = readEntry(cache.dir, key, cache.warn);
      if (fresh(seen)) return fromEntry(seen!, ctx, 'cached');
      const mint = async (latest: CacheEntry | undefined) => {
        let token: ResolvedToken | undefined;
        try {
          token = await inner.resolve(ctx);
        } catch (e) {
          // The server is unreachable but the cached token still works: use it. A rejected
          // credential (exit 4) is never papered over.
          if (latest && isTokenRelayError(e) && e.kind !== 'auth' && secondsLeft(latest, now()) > 0) {
            ctx.debug?.(`token cache: minting failed (${e.describe()}); using the cached token`);
            return fromEntry(latest, ctx, 'still valid');
          }
          throw e;
        }
        if (!token) return cannotMint(latest, ctx);
        if (!cache.write || !token.expiresAt) return token;
        await save(key, token, latest, ctx.settings.clientId);
        const uncache = async () => {
          const stored = readEntry(cache.dir, key, cache.warn);
          if (stored?.token.accessToken === token.accessToken) await removeEntry(cache.dir, key);
        };
        return { ...token, uncache };
      };
      if (!cache.write) return mint(seen);
      return withEntryLock(cache.dir, key, async () => {
        const latest = readEntry(cache.dir, key, cache.warn);
        if (fresh(latest)) return fromEntry(latest!, ctx, 'cached by another process');
        return mint(latest);
      });
    },
  };

  function cannotMint(entry: CacheEntry | undefined, ctx: ResolveContext): ResolvedToken | undefined {
    if (!entry) return undefined;
    if (secondsLeft(entry, now()) > 0) return fromEntry(entry, ctx, 'cached, cannot mint another here');
    if (entry.source !== 'client-credentials') return undefined;
    const inActions = ctx.env.GITHUB_ACTIONS === 'true';
    throw authError(
      `The token minted ${inActions ? 'for this job ' : ''}by client credentials (${entry.clientId}) expired at ${entry.token.expiresAt}, and this ${inActions ? 'step' : 'command'} has no client secret or key to mint another.`,
      inActions ? KEEP_FRESH_HINT : SECRET_HINT,
    );
  }

  async function save(
    key: string,
    token: ResolvedToken,
    previous: CacheEntry | undefined,
    clientId: string | undefined,
  ): Promise<void> {
    const at = now();
    const { refreshToken: _r, idToken: _i, cached: _c, uncache: _u, expiresAt, ...rest } = token;
    const minted = [
      ...(previous?.minted ?? []).filter((m) => !m.expiresAt || Date.parse(m.expiresAt) > at),
      {
        accessToken: token.accessToken,
        ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
        ...(token.revocationEndpoint ? { revocationEndpoint: token.revocationEndpoint } : {}),
        method: token.method,
      },
    ];
    const entry: CacheEntry = {
      version: 1,
      ...(clientId ? { clientId } : {}),
      source: token.source,
      mintedAt: new Date(at).toISOString(),
      token: { ...rest, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) },
      minted,
    };
    try {
      await writeEntry(cache.dir, key, entry);
    } catch (e) {
      cache.warn(`Could not cache the token: ${isTokenRelayError(e) ? e.describe() : String(e)}`);
    }
  }
}

/**
 * What the cache holds for `source`, still live, without minting, locking or writing anything:
 * `auth status --offline`, which sends nothing, still finds the token a job minted.
 */
export function peekCache(
  source: TokenSource['id'],
  cache: TokenCacheDeps,
  ctx: ResolveContext,
  extraParams?: Record<string, string>,
): ResolvedToken | undefined {
  const key = cacheKey(source, ctx.settings, ctx.env, extraParams);
  const entry = key ? readEntry(cache.dir, key, cache.warn) : undefined;
  if (!entry || secondsLeft(entry, (cache.now ?? Date.now)()) <= 0) return undefined;
  return fromEntry(entry, ctx, 'cached (looked up only)');
}

function secondsLeft(entry: CacheEntry, now: number): number {
  if (!entry.token.expiresAt) return 0;
  return Math.floor((Date.parse(entry.token.expiresAt) - now) / 1000);
}

function windowOf(entry: CacheEntry, configured: number): number {
  return sessionWindowSeconds({ expiresAt: entry.token.expiresAt, savedAt: entry.mintedAt }, configured);
}

function fromEntry(entry: CacheEntry, ctx: ResolveContext, why: string): ResolvedToken {
  ctx.debug?.(`token cache: ${why}, ${secondsLeft(entry, Date.now())} s left`);
  const { expiresAt, ...rest } = entry.token;
  return { ...rest, ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}), cached: true };
}
