import type { CredentialRecord, CredentialStore } from '../store/types.ts';

/**
 * A backup copies a session, it does not fork it: the copy and the original hold the same
 * refresh token, so logging out of either revokes both, and with refresh-token rotation the
 * first refresh on one side kills the other. These say which exported records are such
 * sessions, and hand them over (`auth export --move`) by removing them here — unrevoked, for
 * the other machine to go on with.
 */
export function sharedSessions(records: readonly CredentialRecord[]): string[] {
  return [...new Set(records.filter((r) => r.kind === 'oauth' && r.refreshToken).map((r) => r.environment))];
}

/** `--move`: what was exported leaves this store (sessions and tokens; registrations stay, they are no login). */
export async function removeExported(
  store: CredentialStore,
  records: readonly CredentialRecord[],
): Promise<void> {
  for (const record of records) {
    if (record.kind === 'client') continue;
    await store.withLock(record.environment, () => store.delete(record.environment, record.kind));
  }
}
