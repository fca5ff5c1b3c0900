/**
 * docs/architecture.md says where each rule lives. A row naming a file that was renamed or
 * removed sends a reader nowhere, so every file it names must exist, every function it pins
 * to a file must be in that file, and the layers block must list exactly the folders of src/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A path on every OS (a URL's pathname is /C:/... on Windows, where CI runs the unit tests too).
const root = `${import.meta.dirname}/../../`;
const doc = readFileSync(`${root}docs/architecture.md`, 'utf8');

/** Outside src/: these folders are named from the repository's root. */
const fromRoot = /^(?:__tests__|test-support|scripts|templates|\.github|docs|examples)\//;

function srcFiles(dir = 'src'): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? srcFiles(`${dir}/${e.name}`) : [`${dir}/${e.name}`],
  );
}
const allSrc = srcFiles();

/** The files a path names: `core/x.ts` under src/, `templates/*.yml` from the root, globs expanded. */
function matches(path: string): string[] {
  const full = fromRoot.test(path) ? path : `src/${path}`;
  if (!full.includes('*')) return existsSync(join(root, full)) ? [full] : [];
  const dir = dirname(full);
  if (!existsSync(join(root, dir))) return [];
  const re = new RegExp(`^${basename(full).replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`);
  return readdirSync(join(root, dir))
    .filter((f) => re.test(f))
    .map((f) => `${dir}/${f}`);
}

/** Each backticked file of the rule table, resolved: a bare name lives beside the cell's last path. */
function tableFiles(): { cell: string; named: string; found: string[] }[] {
  const table = doc.slice(doc.indexOf('## Where each rule lives'), doc.indexOf('## Runtime dependencies'));
  const out: { cell: string; named: string; found: string[] }[] = [];
  for (const row of table.split('\n').filter((l) => l.startsWith('|'))) {
    const cell = row.split(' | ').at(-1)!;
    let dir: string | undefined;
    for (const [, name] of cell.matchAll(/`([\w./*-]+\.(?:ts|yml|md|json))`/g)) {
      const named = name!;
      if (named.includes('/')) {
        dir = dirname(named);
        out.push({ cell, named, found: matches(named) });
      } else {
        const beside = dir ? matches(`${dir}/${named}`) : [];
        out.push({
          cell,
          named,
          found: beside.length ? beside : allSrc.filter((f) => basename(f) === named),
        });
      }
    }
  }
  return out;
}

describe('docs/architecture.md', () => {
  const files = tableFiles();

  it('names files in its rule table', () => {
    expect(files.length).toBeGreaterThan(80);
  });

  it('every file the rule table names exists', () => {
    const missing = files.filter((f) => f.found.length === 0).map((f) => f.named);
    expect(missing).toEqual([]);
  });

  it('every function pinned to a file (`file` `name`) is in that file', () => {
    const wrong: string[] = [];
    for (const [, file, name] of doc.matchAll(/`([\w./-]+\.ts)`\s+`(\w+)`/g)) {
      const found = matches(file!);
      if (found.length === 0) continue; // reported by the test above
      if (!readFileSync(join(root, found[0]!), 'utf8').includes(name!)) wrong.push(`${file} ${name}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the layers block lists exactly the folders of src/', () => {
    const block = doc.slice(
      doc.indexOf('```text\nsrc/'),
      doc.indexOf('```\n', doc.indexOf('```text\nsrc/') + 8),
    );
    const listed = [...block.matchAll(/^ {2}(\w+)\//gm)].map((m) => m[1]).sort();
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(listed).toEqual(folders);
  });
});
