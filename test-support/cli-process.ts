/**
 * The CLI as a long-running child process a test talks to while it runs (login waits for a
 * browser). Runs the committed bundle by default, as users get it; TOKENRELAY_TEST_CLI=source
 * runs src/cli/main.ts instead (Node 24 strips the types), for work on a tree whose bundle
 * is not rebuilt yet.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debugCliArgs, withoutDebugLines } from './debug-runs.ts';
import { followStartUrl } from './login-start.ts';
import { CLI } from './run-cli.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI_SOURCE = join(root, 'src/cli/main.ts');

/** The file `node` runs: the bundle unless TOKENRELAY_TEST_CLI=source. */
export function cliScript(env: Record<string, string | undefined> = process.env): string {
  return env.TOKENRELAY_TEST_CLI === 'source' ? CLI_SOURCE : CLI;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stderr; rejects when the CLI exits first. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<CliResult>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  cwd: string;
  home: string;
  stdin?: string;
}

export function startCli(args: string[], opts: StartOptions): CliProcess {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: opts.home, LANG: 'C.UTF-8' };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  const debug = debugCliArgs(args);
  const child = spawn(process.execPath, [cliScript(), ...debug.args], { env, cwd: opts.cwd });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const l of listeners) l();
  });
  if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout, stderr: withoutDebugLines(stderr, debug.added) }),
    );
  });
  const waitForStderr = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = stderr.match(pattern);
        if (match) done(() => resolve(match));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} in stderr:\n${stderr}`))),
        timeoutMs,
      );
      const done = (f: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        f();
      };
      listeners.add(check);
      void exited.then((r) =>
        done(() => reject(new Error(`CLI exited ${r.code} before ${pattern}:\n${stderr}`))),
      );
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitForStderr, exited };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `tokenrelay-${prefix}-`));
}

/**
 * A `$BROWSER` that hands the URL over to the test instead of opening anything: the CLI's
 * real opener runs it (spawned, URL as one argument) and the test picks the URL up. The CLI
 * opens a one-time loopback start URL; nextUrl follows it as a browser would and returns
 * the authorization URL it redirects to. `opened` keeps what the browser itself was given:
 * its argument and its environment.
 */
export function fakeBrowserCommand(dir: string): {
  command: string;
  nextUrl: (timeoutMs?: number) => Promise<string>;
  opened: { url: string; env: string }[];
} {
  const opened: { url: string; env: string }[] = [];
  const urlFile = join(dir, 'opened-url');
  const command = join(dir, 'browser.sh');
  writeFileSync(
    command,
    // Also keeps the environment it was started with, for the tests of what a browser may see.
    `#!/bin/sh\nenv > '${join(dir, 'opened-env')}'\nprintf '%s' "$1" > '${urlFile}.tmp' && mv '${urlFile}.tmp' '${urlFile}'\n`,
  );
  chmodSync(command, 0o755);
  const nextUrl = async (timeoutMs = 20_000) => {
    const end = Date.now() + timeoutMs;
    while (!existsSync(urlFile)) {
      if (Date.now() > end) throw new Error('the CLI never opened a browser');
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = readFileSync(urlFile, 'utf8');
    renameSync(urlFile, `${urlFile}.seen`);
    opened.push({ url, env: readFileSync(join(dir, 'opened-env'), 'utf8') });
    return followStartUrl(url);
  };
  return { command, nextUrl, opened };
}
