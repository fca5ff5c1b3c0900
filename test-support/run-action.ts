/**
 * Runs the committed Action bundles the way the GitHub runner does: `node dist/main/index.js`
 * with INPUT_* variables and the file-command files, then `node dist/post/index.js` with the
 * STATE_* variables the main step saved. Returns everything the step printed and wrote.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debugActionEnv, withoutDebugLines } from './debug-runs.ts';
import { fileCommands, inputEnv } from './recording-runner.ts';
import { runShell } from './run-shell.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** `::name props::message` workflow commands in stdout order. */
  commands: { name: string; props: string; message: string }[];
  masks: string[];
  dirs: { home: string; workspace: string; temp: string; runnerFiles: string };
  files: { output: string; env: string; state: string; summary: string; path: string };
  /** Directories the step added to PATH for later steps (GITHUB_PATH), in order. */
  paths: string[];
}

export interface ActionStep {
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** Reuse the directories of an earlier step (a second use in the same job). */
  job?: ActionRun['dirs'];
}

/** The same job directories for several steps. */
export function newJob(): ActionRun['dirs'] {
  const base = mkdtempSync(join(tmpdir(), 'tokenrelay-job-'));
  const dirs = {
    home: join(base, 'home'),
    workspace: join(base, 'workspace'),
    temp: join(base, 'temp'),
    runnerFiles: join(base, 'runner'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return dirs;
}

export async function runActionMain(step: ActionStep): Promise<ActionRun> {
  const dirs = step.job ?? newJob();
  const files = stepFiles(dirs.runnerFiles);
  const env = {
    ...baseEnv(dirs, files),
    ...inputEnv(step.inputs),
    ...step.env,
  };
  return finish(await runNode(join(root, 'dist/main/index.js'), env), dirs, files);
}

/** The post step: the runner hands it the same inputs and the main step's state as STATE_*. */
export async function runActionPost(main: ActionRun, step: ActionStep): Promise<ActionRun> {
  const files = stepFiles(main.dirs.runnerFiles);
  const stateEnv = Object.fromEntries(Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]));
  const env = { ...baseEnv(main.dirs, files), ...inputEnv(step.inputs), ...step.env, ...stateEnv };
  return finish(await runNode(join(root, 'dist/post/index.js'), env), main.dirs, files);
}

function stepFiles(dir: string): ActionRun['files'] {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const files = {
    output: join(dir, `output-${stamp}`),
    env: join(dir, `env-${stamp}`),
    state: join(dir, `state-${stamp}`),
    summary: join(dir, `summary-${stamp}`),
    path: join(dir, `path-${stamp}`),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  return files;
}

function baseEnv(dirs: ActionRun['dirs'], files: ActionRun['files']): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dirs.home,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_TEMP: dirs.temp,
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_PATH: files.path,
    GITHUB_REPOSITORY: 'octo/repo',
    GITHUB_RUN_ID: '1',
  };
}

function runNode(
  script: string,
  stepEnv: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { env, added } = debugActionEnv(stepEnv);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env,
      cwd: env.GITHUB_WORKSPACE,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout: withoutDebugLines(stdout, added),
        stderr: withoutDebugLines(stderr, added),
      }),
    );
  });
}

function finish(
  r: { code: number; stdout: string; stderr: string },
  dirs: ActionRun['dirs'],
  files: ActionRun['files'],
): ActionRun {
  const commands = [...r.stdout.matchAll(/^::([a-z-]+)( [^:]*)?::(.*)$/gm)].map((m) => ({
    name: m[1]!,
    props: (m[2] ?? '').trim(),
    message: unescapeCommand(m[3] ?? ''),
  }));
  return {
    ...r,
    outputs: fileCommands(readFileSync(files.output, 'utf8')),
    env: fileCommands(readFileSync(files.env, 'utf8')),
    state: fileCommands(readFileSync(files.state, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    paths: readFileSync(files.path, 'utf8').split(/\r?\n/).filter(Boolean),
    commands,
    masks: commands.filter((c) => c.name === 'add-mask').map((c) => c.message),
    dirs,
    files,
  };
}

const unescapeCommand = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');

/**
 * A later `run:` step of the job: a fresh shell with the GITHUB_PATH directories first and the
 * GITHUB_ENV variables set, as the runner starts it; `env` adds what that step sets itself.
 */
export function laterStep(main: ActionRun, script: string, env: Record<string, string> = {}) {
  return runShell(['/bin/sh', '-ec'], script, {
    env: {
      ...main.env,
      PATH: [...main.paths].reverse().concat('/usr/bin', '/bin').join(':'),
      HOME: main.dirs.home,
      RUNNER_TEMP: main.dirs.temp,
      LANG: 'C.UTF-8',
      ...env,
    },
    cwd: main.dirs.workspace,
  });
}

/** The log as the runner shows it: the ::add-mask:: commands themselves are not shown. */
export const withoutMasks = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
