import type { TokenSource } from '../core/resolver.ts';
import type { ResolvedToken } from '../core/token.ts';
import { jwtExpiry } from '../oauth/token-expiry.ts';
import type { StaticRecord } from '../store/types.ts';
import { lookupEnvironment, noteKeychainOutOfReach, type StoredDeps, storeLabel } from './stored.ts';

/** 3. An API key / PAT saved by `auth login --with-token` for this environment. */
export function storedTokenSource(deps: StoredDeps): TokenSource {
  return {
    id: 'stored-token',
    how: 'saved API token',
    // What is saved is known only once the store is open: asked, not assumed.
    configured: () => true,
    describe: (ctx) => `a token saved for ${ctx.environment ?? 'the only environment stored'}`,
    async resolve(ctx) {
      const store = await deps.store();
      const environment = await lookupEnvironment(ctx, store);
      const record = environment ? await store.get(environment, 'static') : undefined;
      if (!record) noteKeychainOutOfReach(ctx, store, environment, 'static');
      return record ? fromRecord(record, `stored token (${storeLabel(store)})`) : undefined;
    },
  };
}

/** A saved key or PAT has no recorded expiry; a saved JWT says its own (`exp`). */
function fromRecord(record: StaticRecord, sourceLabel: string): ResolvedToken {
  const expiresAt = jwtExpiry(record.token);
  return {
    accessToken: record.token,
    tokenType: 'Bearer',
    ...(expiresAt ? { expiresAt } : {}),
    source: 'stored-token',
    sourceLabel,
    method: 'token',
    environment: record.environment,
    ...(record.identity ? { identity: record.identity } : {}),
    ...(record.tenant ? { tenant: record.tenant } : {}),
    ...(record.workspace ? { workspace: record.workspace } : {}),
  };
}
