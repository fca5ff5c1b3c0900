import { readFileSync } from 'node:fs';

/**
 * tokenrelay's version, package.json's: what `--version` shows and what every request names in
 * its User-Agent (`tokenrelay/<version>`), from the CLI and the Action alike, so a server's log
 * tells which release called it. Run from source it is read from package.json; the build writes
 * this module's compiled output as the bare literal instead (scripts/build.ts), so no bundle
 * carries package.json or reads a file at start-up.
 */
export const VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;
