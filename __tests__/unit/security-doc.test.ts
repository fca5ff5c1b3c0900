/**
 * SECURITY.md says which test holds each claim. A claim whose test was renamed or deleted
 * is a claim nobody holds any more, so every reference must name an existing test file and,
 * when it quotes a test (`file › name`), a test or group title that file really contains.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// A path on every OS (a URL's pathname is /C:/... on Windows, where CI runs the unit tests too).
const root = `${import.meta.dirname}/../../`;
const doc = readFileSync(`${root}SECURITY.md`, 'utf8');

/** `e2e/x.test.ts`, `unit/y.test.ts › a title…` and `› another title` (same file as before). */
function references(): { file: string; title?: string }[] {
  const refs: { file: string; title?: string }[] = [];
  let file = '';
  for (const [, body] of doc.matchAll(/`([^`]+)`/g)) {
    const m = /^(?:((?:e2e|unit|integration)\/[\w.-]+\.test\.ts)\s*)?(?:›\s*(.+))?$/.exec(body!.trim());
    if (!m || (!m[1] && !m[2])) continue;
    if (m[1]) file = m[1];
    refs.push({ file, ...(m[2] ? { title: m[2] } : {}) });
  }
  return refs;
}

describe('SECURITY.md', () => {
  const refs = references();

  it('points at tests', () => {
    expect(refs.length).toBeGreaterThan(30);
  });

  it.each(
    refs.map((r) => [`${r.file}${r.title ? ` › ${r.title}` : ''}`, r] as const),
  )('%s exists', (_, ref) => {
    const path = `${root}__tests__/${ref.file}`;
    expect(existsSync(path), path).toBe(true);
    if (!ref.title) return;
    const source = readFileSync(path, 'utf8');
    // A quoted title may be cut short with … and may stand for a parametrised title;
    // `group › test` names a describe block and a test in it.
    for (const part of ref.title.split(' › ')) {
      const title = part
        .replace(/…$/, '')
        .replace(/\s*\(.*\)$/, '')
        .trim();
      expect(source, `${ref.file} has no test or group named "${title}"`).toContain(title);
    }
  });
});
