import { severalEnvironmentsError } from '../core/environment.ts';
import type { ResolveContext } from '../core/resolver.ts';
import { heldOutOfReach, outOfReachMessage } from '../store/keychain-out-of-reach.ts';
import { tildePath } from '../store/paths.ts';
import type { CredentialKind, CredentialStore, OAuthRecord } from '../store/types.ts';

/**
 * What the stored sources share: one store, opened on first use — a run that gets its token
 * from --token or the environment never touches the keychain.
 */
export interface StoredDeps {
  store: () => Promise<CredentialStore>;
}

const onlyStored = new WeakMap<ResolveContext, Promise<string | undefined>>();

/**
 * The environment the stored sources look in: the configured one, else — as `gh` uses its one
 * host — the only environment anything is stored for, so `auth login --issuer X` once is enough
 * for a bare `tokenrelay auth token` later. With several stored, none is guessed: the user is
 * asked to choose (exit 2), rather than told they are not logged in.
 */
export function lookupEnvironment(ctx: ResolveContext, store: CredentialStore): Promise<string | undefined> {
  // ctx.environment is environmentKey(settings): normalised the store's way already.
  if (ctx.environment) return Promise.resolve(ctx.environment);
  let found = onlyStored.get(ctx);
  if (!found) {
    found = store.list().then((records) => {
      const environments = [...new Set(records.filter((r) => r.kind !== 'client').map((r) => r.environment))];
      if (environments.length > 1) throw severalEnvironmentsError(environments);
      const [only] = environments;
      if (only) ctx.debug?.(`stored: no environment configured; using ${only}, the only one stored`);
      return only;
    });
    onlyStored.set(ctx, found);
  }
  return found;
}

/**
 * When this store found nothing but the keychain it cannot reach holds `kind` for the
 * environment (per its index), the resolver's "not authenticated" says so and how to get out.
 */
export function noteKeychainOutOfReach(
  ctx: ResolveContext,
  store: CredentialStore,
  environment: string | undefined,
  kind: CredentialKind,
): void {
  const out = store.keychainOutOfReach;
  if (!out) return;
  const held = heldOutOfReach(out, environment, kind);
  if (held.length === 0) return;
  const note = outOfReachMessage(out, held);
  ctx.debug?.(`stored: ${kind} for ${held.join(', ')} is in the keychain, out of reach: ${out.reason}`);
  ctx.notes ??= [];
  if (!ctx.notes.includes(note)) ctx.notes.push(note);
}

/** "keychain", or "file ~/.config/tokenrelay/credentials.json": the label `auth status` shows. */
export function storeLabel(store: CredentialStore): string {
  if (store.backend === 'file') return `file ${tildePath(store.location)}`;
  return store.backend;
}

/** A token with less left than this is not handed out: the command using it would fail mid-way. */
export const MIN_VALIDITY_SECONDS = 60;

/**
 * The window for one session: the configured one (settings.refreshWindowSeconds), but never more than half the token's
 * lifetime — a server issuing 5-minute tokens would otherwise be asked on every call.
 */
export function sessionWindowSeconds(
  record: Pick<OAuthRecord, 'expiresAt' | 'savedAt'>,
  configured: number,
): number {
  if (!record.expiresAt) return configured;
  const lifetime = (Date.parse(record.expiresAt) - Date.parse(record.savedAt)) / 1000;
  return lifetime > 0 ? Math.min(configured, Math.floor(lifetime / 2)) : configured;
}
