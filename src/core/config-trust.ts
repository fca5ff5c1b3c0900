import { type TokenRelayError, usageError } from './errors.ts';
import { modeDigits, writersOf } from './file-mode.ts';

/** What a config file or its directory looks like on disk, as far as trust goes. */
export interface ConfigFileStat {
  uid: number;
  mode: number;
}

/**
 * The store's rule for config too (ssh's rule for ~/.ssh/config): only the current user (or
 * root) may own it and nobody else may write it. Otherwise whoever can write it chooses the
 * endpoint the client secret is sent to. Returns the refusal, or undefined when trusted.
 */
export function configTrustProblem(
  path: string,
  st: ConfigFileStat,
  currentUid: number,
  kind: 'file' | 'directory',
): TokenRelayError | undefined {
  const mode = modeDigits(st.mode);
  if (st.uid !== currentUid && st.uid !== 0) {
    return usageError(
      `Refusing to read the config ${kind} ${path}: it belongs to uid ${st.uid} (mode ${mode}), not to you (uid ${currentUid}) or root.`,
      `If it is yours, 'chown ${currentUid} ${path}'; otherwise move it away, or set TOKENRELAY_CONFIG_DIR to a directory you own.`,
    );
  }
  if ((st.mode & 0o022) !== 0) {
    return usageError(
      `Refusing to read the config ${kind} ${path}: it is writable by ${writersOf(st.mode)} (owner uid ${st.uid}, mode ${mode}).`,
      `Run 'chmod go-w ${path}' and check its content, or set TOKENRELAY_CONFIG_DIR to a directory only you can write.`,
    );
  }
  return undefined;
}
