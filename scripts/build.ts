/**
 * Builds the committed bundles: tsc -> lib/ (plain ESM JS), then ncc -> dist/.
 * Bundling tsc's output (not .ts) keeps ncc away from its TypeScript loader, which needs
 * the TypeScript 5 compiler API; ESM all the way, because @actions/* 3+/4+ are ESM-only.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A path, not a URL's pathname: a checkout under a directory with a space (or any character a
// URL escapes) must build the same bundles (__tests__/e2e/reproducible-build.test.ts).
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

rmSync(join(root, 'lib'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
// package.json's version, as a literal in every bundle (src/core/version.ts).
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
writeFileSync(join(root, 'lib/core/version.js'), `export const VERSION = ${JSON.stringify(version)};\n`);

// Dynamic imports carry `webpackMode: "eager"` so the CLI stays one file that works when
// copied alone. The Action's bundles are directories anyway: built from a copy without the
// hint, every dynamic import becomes its own chunk file, and a step that never takes a path
// (discovery, federation, validation, a proxy, private_key_jwt, error mapping) never even
// parses its code. The exceptions are the Action's own hot paths — minting with client
// credentials in the main step, revoking in the post step, the job's token cache in both —
// which stay inside that step's entry file (evaluated only when imported): each chunk costs a
// trip through Node's ES module loader. Start-up is what the Action is benchmarked on
// (docs/performance.md).
const ACTION_HOT_PATHS = {
  main: new Set(['mint-client-credentials.js', 'configured-client.js', 'token-cache.js']),
  post: new Set(['revoke-minted.js', 'revoke.js', 'configured-client.js', 'token-cache.js']),
};
for (const [step, hot] of Object.entries(ACTION_HOT_PATHS)) {
  const chunked = join(root, `.tmp/lib-${step}`);
  rmSync(chunked, { recursive: true, force: true });
  cpSync(join(root, 'lib'), chunked, { recursive: true });
  for (const file of readdirSync(chunked, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.js')) continue;
    const path = join(chunked, file);
    const code = readFileSync(path, 'utf8');
    const lazy = code.replace(/\/\* webpackMode: "eager" \*\/ (["'])([^"']+)\1/g, (hint, quote, specifier) =>
      hot.has(specifier.split('/').at(-1)) ? hint : `${quote}${specifier}${quote}`,
    );
    if (lazy !== code) writeFileSync(path, lazy);
  }
}

// The keychain binding is a native addon per platform: left external, it loads from
// node_modules where the package is installed, and its absence (a lone copy of the CLI)
// means "no keychain", so the store falls back to its 0600 file.
const bundles = [
  { entry: '.tmp/lib-main/action/main.js', out: 'dist/main', external: [] as string[] },
  { entry: '.tmp/lib-post/action/post.js', out: 'dist/post', external: [] as string[] },
  { entry: 'lib/cli/main.js', out: 'dist/cli', external: ['@napi-rs/keyring'] },
];
for (const { entry, out, external } of bundles) {
  rmSync(join(root, out), { recursive: true, force: true });
  const flags = ['-m', '-q', '--no-source-map-register', '--license', 'licenses.txt'];
  run(bin('ncc'), ['build', entry, '-o', out, ...flags, ...external.flatMap((e) => ['-e', e])]);
  for (const file of readdirSync(join(root, out))) {
    if (file.endsWith('.js'))
      writeFileSync(join(root, out, file), asciiOnly(readFileSync(join(root, out, file), 'utf8'), file));
  }
}

/**
 * Every bundle is plain ASCII: V8 keeps an ASCII source as a one-byte string, while a single
 * `…` makes Node transcode the whole file to UTF-16 before compiling it (~1.5 ms for the CLI
 * at start-up, docs/performance.md). The few non-ASCII characters sit in string, template and
 * regex literals, where `\uXXXX` means the same character; a character right after a
 * backslash, or a String.raw template (where an escape stays literal), stops the build.
 */
function asciiOnly(code: string, file: string): string {
  const raw = code.includes('String.raw');
  return code.replace(/[^\x00-\x7f]/gu, (char, offset: number) => {
    if (raw || code[offset - 1] === '\\') {
      throw new Error(`${file}: cannot escape ${JSON.stringify(char)} at ${offset} safely`);
    }
    return [...char]
      .flatMap((c) => {
        const cp = c.codePointAt(0)!;
        if (cp < 0x10000) return [cp];
        const v = cp - 0x10000;
        return [0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff)];
      })
      .map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`)
      .join('');
  });
}

// The CLI is one file that runs when copied alone: an .mjs (ESM without a package.json
// beside it) with a shebang.
const cliDir = join(root, 'dist/cli');
const cli = join(cliDir, 'tokenrelay.mjs');
let code = readFileSync(join(cliDir, 'index.js'), 'utf8');
if (!code.startsWith('#!')) code = `#!/usr/bin/env node\n${code}`;
writeFileSync(cli, code);
chmodSync(cli, 0o755);
rmSync(join(cliDir, 'index.js'));
// The installed command: a launcher that turns on the compile cache, then runs the file above.
const launcher = join(cliDir, 'launch.mjs');
writeFileSync(launcher, readFileSync(join(root, 'lib/cli/launch.js'), 'utf8'));
chmodSync(launcher, 0o755);
// `docker-credential-tokenrelay`, the name registry clients look for: the same CLI behind it.
const dockerHelper = join(cliDir, 'docker-credential-tokenrelay.mjs');
writeFileSync(dockerHelper, readFileSync(join(root, 'lib/cli/docker-credential-launch.js'), 'utf8'));
chmodSync(dockerHelper, 0o755);
rmSync(join(cliDir, 'package.json'), { force: true });
// The release assets, as uploaded: the one file and its checksum, verified with
// `sha256sum -c SHA256SUMS` before it runs (docs/install.md). Deterministic, like the bundle:
// nothing here reads the clock or writes a path (ncc names modules by their path relative to
// the project), so a rebuild from the tag matches byte for byte (README "Verifying a release").
// Should a step ever need a date, it takes SOURCE_DATE_EPOCH, which release.yml sets.
const sum = createHash('sha256').update(readFileSync(cli)).digest('hex');
writeFileSync(join(cliDir, 'SHA256SUMS'), `${sum}  tokenrelay.mjs\n`);
for (const dir of ['dist/main', 'dist/post']) {
  if (!existsSync(join(root, dir, 'index.js'))) throw new Error(`${dir}/index.js was not built`);
}
for (const step of Object.keys(ACTION_HOT_PATHS))
  rmSync(join(root, `.tmp/lib-${step}`), { recursive: true, force: true });
console.log(`built dist/main, dist/post, dist/cli/tokenrelay.mjs ${version} and its SHA256SUMS`);
