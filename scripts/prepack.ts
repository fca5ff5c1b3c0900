/**
 * `prepack` (npm pack, npm publish): the tarball records each file's mode, and a checkout
 * made under umask 077 has README.md and LICENSE at 0600, so its tarball would differ from the
 * release's by those bits alone. Every packed file gets the mode a release has: 0755 for a
 * script with a shebang, 0644 for the rest (__tests__/e2e/reproducible-build.test.ts).
 */
import { chmodSync, closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { files } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
for (const file of files) {
  const path = join(root, file);
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, head.toString() === '#!' ? 0o755 : 0o644);
}
