import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Through symlinks where the paths exist: a RUNNER_TEMP linked into the workspace is inside it. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Whether `child` is `parent` or lies under it (what GITHUB_WORKSPACE checks ask). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(real(parent), real(child));
  return rel === '' || !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
}
