import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Where `path` really is: its longest existing ancestor resolved through symlinks, with the
 * rest appended. A path whose tail does not exist yet (`$RUNNER_TEMP/link/sub/tok`, `link`
 * pointing into the workspace) is where the link takes it once that tail is created.
 */
export function realPath(path: string): string {
  const tail: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(at), ...tail.reverse());
    } catch {
      const parent = dirname(at);
      if (parent === at) return resolve(path);
      tail.push(basename(at));
      at = parent;
    }
  }
}

/** Whether `child` is `parent` or lies under it (what GITHUB_WORKSPACE checks ask), through symlinks. */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(realPath(parent), realPath(child));
  return rel === '' || !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
}
