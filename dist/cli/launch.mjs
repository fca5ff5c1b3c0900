#!/usr/bin/env node
/**
 * The installed `tokenrelay` command (package.json "bin"): turns on Node's compile cache
 * under the user's cache directory, then runs the one-file CLI beside it. Compiling the
 * ~300 KB bundle is most of a cached `tokenrelay auth token`'s start-up; with the cache,
 * later runs reuse V8's code instead (docs/performance.md). The bundle itself stays one
 * file that works when copied alone; it just compiles from scratch each time.
 *
 * The cache holds compiled code, and code from it runs with the user's environment (client
 * secrets included). Node checks an entry with a checksum, not a signature: anyone who can
 * write into the directory can have their code run as the user (SECURITY.md, "Compile
 * cache"). So the launcher creates the directory 0700 itself and uses it only when every
 * directory from the cache home down is the user's and writable by no one else; otherwise
 * it runs without the cache, and `-v` says why. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 *
 * This file is copied into dist/ as it compiles (scripts/build.ts): node: imports only.
 */
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
/** The cache home (created 0700 when missing, as the XDG spec asks) and the two levels below it. */
function cachePath(env) {
    const below = ['tokenrelay', 'compile-cache'];
    if (env.XDG_CACHE_HOME)
        return { home: env.XDG_CACHE_HOME, below };
    if (process.platform === 'win32')
        return env.LOCALAPPDATA ? { home: env.LOCALAPPDATA, below } : undefined;
    const home = env.HOME || homedir();
    if (!home)
        return undefined;
    return {
        home: process.platform === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache'),
        below,
    };
}
function code(e) {
    return e.code ?? String(e);
}
/** Why `st` (of `dir`) must not hold code we run; undefined when it is safe. */
function unsafe(dir, st, ours) {
    if (!st.isDirectory())
        return `${dir} is not a directory`;
    // Modes mean little on Windows, where the ACLs of the user's profile decide.
    if (process.platform === 'win32' || typeof process.getuid !== 'function')
        return undefined;
    const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
    if (st.uid !== process.getuid())
        return `${dir} belongs to uid ${st.uid} (mode ${mode}), not to you`;
    if (st.mode & 0o022) {
        const who = (st.mode & 0o022) === 0o022
            ? 'its group and other users'
            : st.mode & 0o020
                ? 'its group'
                : 'other users';
        // Someone may have written into ours already: fixing its mode would not undo that.
        const fix = ours ? `delete ${dir} to have the cache again` : `run 'chmod go-w ${dir}'`;
        return `${dir} is writable by ${who} (mode ${mode}); ${fix}`;
    }
    return undefined;
}
/**
 * The cache directory when it is safe to use, else why not. Each level is created 0700 by us
 * (whatever the umask) when missing and checked when present: a directory someone else owns
 * or can write is where they can replace what we would run. The cache home may be a symbolic
 * link (a dotfiles setup); the levels below it, which tokenrelay creates, may not.
 */
function compileCacheDir(env) {
    if (env.NODE_DISABLE_COMPILE_CACHE)
        return { why: 'NODE_DISABLE_COMPILE_CACHE is set' };
    const path = cachePath(env);
    if (!path)
        return { why: 'no cache home (neither XDG_CACHE_HOME nor HOME is set)' };
    let dir = path.home;
    for (let level = 0; level <= path.below.length; level++) {
        if (level > 0)
            dir = join(dir, path.below[level - 1]);
        let st;
        try {
            try {
                mkdirSync(dir, { mode: 0o700, recursive: level === 0 });
            }
            catch (e) {
                if (code(e) !== 'EEXIST')
                    throw e;
            }
            st = level === 0 ? statSync(dir) : lstatSync(dir);
        }
        catch (e) {
            return { why: `could not create ${dir} (${code(e)})` };
        }
        const why = unsafe(dir, st, level > 0);
        if (why)
            return { why };
    }
    return { dir };
}
/** `-v`/`--verbose` among tokenrelay's own arguments (not the command's, after `--`). */
function verbose(argv) {
    const own = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
    return own.includes('-v') || own.includes('--verbose');
}
const cache = compileCacheDir(process.env);
const say = verbose(process.argv.slice(2))
    ? (line) => process.stderr.write(`debug: ${line}\n`)
    : () => { };
// enableCompileCache exists from Node 22.8; it reports failures rather than throwing.
if ('why' in cache)
    say(`compile cache off: ${cache.why}.`);
else if (module.enableCompileCache) {
    const { status, message } = module.enableCompileCache(cache.dir);
    const on = status === module.constants.compileCacheStatus.ENABLED;
    say(on ? `compile cache in ${cache.dir}` : `compile cache: ${message ?? 'not enabled'}`);
}
// @ts-expect-error the bundle is built beside this file in dist/cli; there is no source of that name
await import('./tokenrelay.mjs');
