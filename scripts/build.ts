/**
 * Builds the committed bundles: tsc -> lib/ (plain ESM JS), then ncc -> dist/.
 * Bundling tsc's output (not .ts) keeps ncc away from its TypeScript loader, which needs
 * the TypeScript 5 compiler API; ESM all the way, because @actions/* 3+/4+ are ESM-only.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

rmSync(join(root, 'lib'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
// `--version` is package.json's version, as a literal in the bundle (src/cli/version.ts).
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
writeFileSync(join(root, 'lib/cli/version.js'), `export const VERSION = ${JSON.stringify(version)};\n`);

// The keychain binding is a native addon per platform: left external, it loads from
// node_modules where the package is installed, and its absence (a lone copy of the CLI)
// means "no keychain", so the store falls back to its 0600 file.
const bundles = [
  { entry: 'lib/action/main.js', out: 'dist/main', external: [] as string[] },
  { entry: 'lib/action/post.js', out: 'dist/post', external: [] as string[] },
  { entry: 'lib/cli/main.js', out: 'dist/cli', external: ['@napi-rs/keyring'] },
];
for (const { entry, out, external } of bundles) {
  rmSync(join(root, out), { recursive: true, force: true });
  const flags = ['-m', '-q', '--no-source-map-register', '--license', 'licenses.txt'];
  run(bin('ncc'), ['build', entry, '-o', out, ...flags, ...external.flatMap((e) => ['-e', e])]);
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
rmSync(join(cliDir, 'package.json'), { force: true });
// The release assets, as uploaded: the one file and its checksum, verified with
// `sha256sum -c SHA256SUMS` before it runs (README "Install"). Deterministic, like the bundle.
const sum = createHash('sha256').update(readFileSync(cli)).digest('hex');
writeFileSync(join(cliDir, 'SHA256SUMS'), `${sum}  tokenrelay.mjs\n`);
for (const dir of ['dist/main', 'dist/post']) {
  if (!existsSync(join(root, dir, 'index.js'))) throw new Error(`${dir}/index.js was not built`);
}
console.log(`built dist/main, dist/post, dist/cli/tokenrelay.mjs ${version} and its SHA256SUMS`);
