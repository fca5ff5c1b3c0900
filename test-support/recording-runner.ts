/**
 * The one recording runner of the suite: the real GitHub runner protocol
 * (createGitHubRunner) over temp file-command files, with its environment passed in (inputs
 * as INPUT_*, state as STATE_*), its stdout captured and every call recorded in order. The
 * Action's steps and the export tests take it as their collaborator; nothing is mocked.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitHubRunner } from '../src/export/github-commands.ts';
import type { Runner } from '../src/export/runner.ts';

export interface RecordingRunner {
  runner: Runner;
  env: Record<string, string | undefined>;
  /** Workflow commands and lines, as printed. */
  stdout: () => string;
  /** `addMask`, `info`, `getInput:client-id`, `setOutput:token`, … in call order. */
  calls: string[];
  files: { output: string; env: string; state: string; summary: string; path: string };
  read: (file: string) => string;
  /** What the step wrote with the file commands. */
  outputs: () => Record<string, string>;
  exported: () => Record<string, string>;
  state: () => Record<string, string>;
}

export interface RecordingOptions {
  /** `with:` inputs, set as the runner sets them (INPUT_<NAME>). */
  inputs?: Record<string, string>;
  /** State a main step saved, for a post step (STATE_<name>). */
  state?: Record<string, string>;
  env?: Record<string, string | undefined>;
}

/** Calls named with their first argument: which input, output, variable or state. */
const NAMED = new Set([
  'getInput',
  'getBooleanInput',
  'getMultilineInput',
  'setOutput',
  'exportVariable',
  'saveState',
  'getState',
]);

export function recordingRunner(dir: string, options: RecordingOptions = {}): RecordingRunner {
  const files = {
    output: join(dir, 'github_output'),
    env: join(dir, 'github_env'),
    state: join(dir, 'github_state'),
    summary: join(dir, 'step_summary'),
    path: join(dir, 'github_path'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: Record<string, string | undefined> = {
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_PATH: files.path,
    ...inputEnv(options.inputs),
    // The runner names state variables as saved, without changing case.
    ...Object.fromEntries(Object.entries(options.state ?? {}).map(([k, v]) => [`STATE_${k}`, v])),
    ...options.env,
  };
  let out = '';
  const calls: string[] = [];
  const real = createGitHubRunner({
    env: env as NodeJS.ProcessEnv,
    write: (t) => {
      out += t;
    },
    eol: '\n',
  });
  const runner = new Proxy(real, {
    get(target, key: keyof Runner) {
      const fn = target[key] as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        calls.push(NAMED.has(key) ? `${key}:${String(args[0])}` : key);
        return fn(...args);
      };
    },
  });
  const read = (f: string) => readFileSync(f, 'utf8');
  return {
    runner,
    env,
    stdout: () => out,
    calls,
    files,
    read,
    outputs: () => fileCommands(read(files.output)),
    exported: () => fileCommands(read(files.env)),
    state: () => fileCommands(read(files.state)),
  };
}

/** `INPUT_<NAME>` as the runner sets it: upper case, spaces to underscores (dashes kept). */
export function inputEnv(inputs: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]),
  );
}

export function tempDir(prefix = 'tokenrelay-runner-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The runner's reading of a file-command file: `name<<DELIM`, value lines, `DELIM`, in order. */
export function fileCommandEntries(text: string): Array<[string, string]> {
  const lines = text.split(/\r?\n/);
  const out: Array<[string, string]> = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i++] as string;
    if (line === '') continue;
    const m = /^([^<]*)<<(.+)$/.exec(line);
    if (!m) throw new Error(`not a heredoc line: ${JSON.stringify(line)}`);
    const [, name, delimiter] = m as unknown as [string, string, string];
    const value: string[] = [];
    for (;;) {
      if (i >= lines.length) throw new Error(`unterminated value for ${name}`);
      const l = lines[i++] as string;
      if (l === delimiter) break;
      value.push(l);
    }
    out.push([name, value.join('\n')]);
  }
  return out;
}

/** The same, as the runner ends up with it: the last write of a name wins. */
export const fileCommands = (text: string): Record<string, string> =>
  Object.fromEntries(fileCommandEntries(text));
