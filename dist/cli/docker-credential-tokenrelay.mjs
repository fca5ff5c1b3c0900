#!/usr/bin/env node
/**
 * The installed `docker-credential-tokenrelay` command (package.json "bin"): container
 * registry clients run `docker-credential-<name> get|store|erase|list` for a `credHelpers`
 * entry `"<registry>": "<name>"`, so this is `tokenrelay credential docker ...` under the name
 * they look for, through the same launcher (and compile cache) as `tokenrelay`.
 */
process.argv.splice(2, 0, 'credential', 'docker');
// @ts-expect-error built beside this file in dist/cli from launch.ts; there is no source of that name
await import('./launch.mjs');
export {};
