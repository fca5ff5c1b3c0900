import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// scripts/build.ts escapes every non-ASCII character of the bundles: an ASCII source stays a
// one-byte string in V8, where one `…` would make Node transcode the whole file at start-up.
// A path on every OS (a URL's pathname is /C:/... on Windows, where CI runs the unit tests too).
const root = `${import.meta.dirname}/../../`;

describe('the committed bundles', () => {
  const files = ['dist/main', 'dist/post', 'dist/cli'].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => /\.(m?js)$/.test(f))
      .map((f) => join(dir, f)),
  );

  it.each(files)('%s is plain ASCII', (file) => {
    const bytes = readFileSync(join(root, file));
    const at = bytes.findIndex((b) => b > 0x7f);
    expect(at, at < 0 ? '' : bytes.subarray(Math.max(0, at - 40), at + 10).toString('utf8')).toBe(-1);
  });
});
