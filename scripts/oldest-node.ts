/**
 * The CLI promises Node >= 22. The oldest supported Node comes from the npm registry's
 * per-platform binary package, installed into .tmp/ (not a dependency: it exists per
 * platform, and only the tests need it). Prints the path of its `node`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const OLDEST_NODE_VERSION = '22.23.3';

export function ensureOldestNode(root: string): string {
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(root, '.tmp', `node-${OLDEST_NODE_VERSION}`);
  const bin = join(prefix, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    console.error(`Installing Node ${OLDEST_NODE_VERSION} (${pkg}) for the oldest-supported-Node test…`);
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-package-lock', `${pkg}@${OLDEST_NODE_VERSION}`],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  return bin;
}
