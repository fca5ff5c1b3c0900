/**
 * A directory to put first on PATH so that shell scripts, gitlab-ci-local jobs and cron-like
 * runs find `tokenrelay` (the committed CLI bundle, or another copy of it) and the `node` its
 * `#!/usr/bin/env node` line asks for: this test's own Node, not whatever /usr/bin holds.
 */
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './run-cli.ts';

export function cliOnPath(script: string = CLI, node: string = process.execPath): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-bin-'));
  symlinkSync(script, join(dir, 'tokenrelay'));
  symlinkSync(node, join(dir, 'node'));
  return dir;
}

/** PATH as cron gives it, with the CLI's directory first. */
export function cronPath(binDir: string): string {
  return `${binDir}:/usr/bin:/bin`;
}
