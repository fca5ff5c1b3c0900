/**
 * The keychain index says credentials are in the OS keychain, but the keychain cannot be
 * reached — typically cron or a systemd unit, which have no D-Bus session. Without a word,
 * `tokenrelay auth token` there says only "Not authenticated" about a login that plainly
 * happened; this names the environment, why, and the ways out.
 */
import type { CredentialKind, KeychainOutOfReach } from './types.ts';

/** The environments the keychain holds a `kind` for: `environment`, or any when none is configured. */
export function heldOutOfReach(
  out: KeychainOutOfReach,
  environment: string | undefined,
  kind: CredentialKind,
): string[] {
  const held = [...out.entries].filter(([, kinds]) => kinds.includes(kind)).map(([env]) => env);
  return environment === undefined ? held : held.filter((env) => env === environment);
}

export function outOfReachMessage(out: KeychainOutOfReach, environments: readonly string[]): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 1000;
  const where = environments.length === 1 ? environments[0] : environments.join(', ');
  const noBus = /D-Bus/.test(out.reason) ? ' (as under cron or a systemd service)' : '';
  return (
    `'tokenrelay auth login' stored credentials for ${where} in the OS keychain, but the keychain cannot ` +
    `be reached here: ${out.reason}${noBus}. Ways out: for unattended runs, log in once with ` +
    `'tokenrelay auth login --insecure-storage' (a 0600 file instead of the keychain); or export ` +
    `DBUS_SESSION_BUS_ADDRESS of a logged-in session with an unlocked keychain (e.g. ` +
    `unix:path=/run/user/${uid}/bus); or use client credentials (TOKENRELAY_CLIENT_ID with ` +
    'TOKENRELAY_CLIENT_SECRET).'
  );
}
