/**
 * How refusals about another user's or a shared file say what its mode is: the config trust
 * rule and `run`'s token-file directory word it the same way. (The launcher, which may import
 * only node: modules, keeps its own copy: src/cli/launch.ts.)
 */

/** The permission bits as three octal digits: `755`. */
export const modeDigits = (mode: number): string => (mode & 0o777).toString(8).padStart(3, '0');

/** Who besides the owner may write, for a mode with group or other write set. */
export const writersOf = (mode: number): string =>
  (mode & 0o022) === 0o022 ? 'its group and other users' : mode & 0o020 ? 'its group' : 'other users';
