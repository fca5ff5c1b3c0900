/**
 * Reproducible releases: two clean clones of this commit, in different directories (one with a
 * space in its path, at another depth), built one after the other under a different clock,
 * time zone, locale and umask, give byte-identical dist/ (so the same SHA256SUMS) and the same
 * npm tarball. This is what README "Verifying a release" asks anyone to do against a tag.
 * node_modules is hard-linked into each clone (as `npm ci` would lay it out, inside the clone:
 * the bundler names modules by their path relative to the project).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Beside node_modules (one file system, so hard links work), outside the repository's tree.
mkdirSync(join(root, '.tmp'), { recursive: true });
const work = mkdtempSync(join(root, '.tmp', 'reproducible-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cloneAt(dir: string): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['clone', '-q', root, dir], { stdio: 'ignore' });
  execFileSync('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]);
  return dir;
}

function build(dir: string, env: Record<string, string>, umask: string): void {
  const npm = `umask ${umask} && npm run -s build >/dev/null && npm pack -s --pack-destination .tmp-pack >/dev/null`;
  mkdirSync(join(dir, '.tmp-pack'));
  execFileSync('sh', ['-c', npm], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Relative path -> sha256 of every file under dir. */
function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const path = join(file.parentPath, file.name);
    out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

describe('reproducible build', () => {
  it('two clones built apart give byte-identical dist/, SHA256SUMS and npm tarball', () => {
    const a = cloneAt(join(work, 'a'));
    build(a, { TZ: 'UTC', LANG: 'C', SOURCE_DATE_EPOCH: '1700000000' }, '022');
    const b = cloneAt(join(work, 'other place', 'b'));
    build(b, { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', SOURCE_DATE_EPOCH: '1800000000' }, '077');

    const [distA, distB] = [digests(join(a, 'dist')), digests(join(b, 'dist'))];
    expect(Object.keys(distA).sort()).toEqual(Object.keys(distB).sort());
    expect(Object.keys(distA)).toContain('cli/SHA256SUMS');
    expect(distB).toEqual(distA);
    const sums = readFileSync(join(a, 'dist/cli/SHA256SUMS'), 'utf8');
    expect(sums).toBe(`${distA['cli/tokenrelay.mjs']}  tokenrelay.mjs\n`);
    expect(digests(join(b, '.tmp-pack'))).toEqual(digests(join(a, '.tmp-pack')));

    // Nothing in the bundles names where or when they were built.
    for (const file of Object.keys(distA)) {
      const text = readFileSync(join(b, 'dist', file), 'utf8');
      expect(text.includes(b) || text.includes(work) || text.includes('other place'), file).toBe(false);
    }
  }, 420_000);
});
