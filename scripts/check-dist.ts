/** CI: rebuild and fail when the committed bundles differ from what the source builds. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// A path, not a URL's pathname: a checkout under a directory with a space (or any character a
// URL escapes) must build the same bundles (__tests__/e2e/reproducible-build.test.ts).
const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, ['scripts/build.ts'], { cwd: root, stdio: 'inherit' });
const status = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { cwd: root, encoding: 'utf8' });
if (status.trim()) {
  console.error(`dist/ drifted from the source. Run 'npm run build' and commit dist/.\n${status}`);
  execFileSync('git', ['--no-pager', 'diff', '--stat', '--', 'dist'], { cwd: root, stdio: 'inherit' });
  process.exit(1);
}
console.log('dist/ matches the source.');
