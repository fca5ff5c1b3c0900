/**
 * Runs pipelines through gitlab-ci-local, a GitLab CI runner nobody here wrote: a git project
 * holding the files (it reads CI_* from git), jobs on the shell executor (no Docker here; an
 * `image:` is ignored), with only the environment given.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeDir = dirname(process.execPath);

/** The remote gitlab-ci-local reads the project's host and path from. */
export const GITLAB_PROJECT = { host: 'gitlab.example.com', path: 'group/project' };

/** A committed git project holding the files (names may contain directories). */
export function gitlabProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-gcl-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', `https://${GITLAB_PROJECT.host}/${GITLAB_PROJECT.path}.git`);
  git('add', '.');
  git('-c', 'user.email=ci@example.test', '-c', 'user.name=ci', 'commit', '-qm', 'pipeline');
  return dir;
}

export function runGitlabCiLocal(dir: string, args: string[]) {
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/.bin/gitlab-ci-local'),
      '--force-shell-executor',
      '--home',
      join(dir, '.gcl-home'),
      ...args,
    ],
    {
      cwd: dir,
      env: { PATH: `${nodeDir}:/usr/bin:/bin`, HOME: dir, LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The first file named `name` under dir (gitlab-ci-local keeps artifacts in its own tree). */
export function findFile(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name === name) return path;
    if (entry.isDirectory() && entry.name !== '.git') {
      const found = findFile(path, name);
      if (found) return found;
    }
  }
  return undefined;
}
