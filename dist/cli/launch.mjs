#!/usr/bin/env node
/**
 * The installed `tokenrelay` command (package.json "bin"): turns on Node's compile cache
 * under the user's cache directory, then runs the one-file CLI beside it. Compiling the
 * ~300 KB bundle is most of a cached `tokenrelay auth token`'s start-up; with the cache,
 * later runs reuse V8's code instead (docs/performance.md). The bundle itself stays one
 * file that works when copied alone; it just compiles from scratch each time.
 *
 * The cache holds compiled code only, never data. NODE_DISABLE_COMPILE_CACHE=1 turns it
 * off; where no cache directory can be written, Node carries on without one.
 */
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
function cacheDir(env) {
    if (env.XDG_CACHE_HOME)
        return join(env.XDG_CACHE_HOME, 'tokenrelay', 'compile-cache');
    if (process.platform === 'win32' && env.LOCALAPPDATA) {
        return join(env.LOCALAPPDATA, 'tokenrelay', 'compile-cache');
    }
    const home = env.HOME || homedir();
    if (!home)
        return undefined;
    const base = process.platform === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache');
    return join(base, 'tokenrelay', 'compile-cache');
}
const dir = cacheDir(process.env);
// enableCompileCache exists from Node 22.8; it reports failures rather than throwing.
if (dir)
    module.enableCompileCache?.(dir);
// @ts-expect-error the bundle is built beside this file in dist/cli; there is no source of that name
await import('./tokenrelay.mjs');
