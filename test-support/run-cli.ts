/** Runs the committed CLI bundle as a script or a person would: a child process, stdin, env. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debugCliArgs, withoutDebugLines } from './debug-runs.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(root, 'dist/cli/tokenrelay.mjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  home: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** A HOME (and so config dir) shared by several runs; a fresh one otherwise. */
  home?: string;
  cwd?: string;
  /** Run this file instead of the committed bundle (e.g. a copy of it elsewhere). */
  script?: string;
  /** Run under this Node binary instead of the test's own (the oldest supported Node). */
  node?: string;
}

export function newHome(): string {
  return mkdtempSync(join(tmpdir(), 'tokenrelay-home-'));
}

/** A cron-like environment: no CI variables, only PATH and HOME. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const home = opts.home ?? newHome();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home, LANG: 'C.UTF-8' };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  const debug = debugCliArgs(args);
  return new Promise((resolve, reject) => {
    const child = spawn(opts.node ?? process.execPath, [opts.script ?? CLI, ...debug.args], {
      env,
      cwd: opts.cwd ?? home,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout, stderr: withoutDebugLines(stderr, debug.added), home }),
    );
    // A command that exits without reading stdin closes the pipe: that is no test failure.
    child.stdin.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') reject(e);
    });
    child.stdin.end(opts.stdin ?? '');
  });
}
