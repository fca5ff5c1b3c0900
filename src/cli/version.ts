import { readFileSync } from 'node:fs';

/**
 * The version `--version` shows is package.json's. Run from source it is read from there; the
 * build writes this module's compiled output as the bare literal instead (scripts/build.ts), so
 * the one-file bundle neither carries package.json nor reads a file at start-up.
 */
export const VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;
