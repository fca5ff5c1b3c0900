/**
 * The `self-test` job of .github/workflows/ci.yml, step by step as the runner would take it:
 * its `run:` steps in `bash -e` with GITHUB_ENV and RUNNER_TEMP, its `uses: ./` steps as the
 * committed Action with the `with:` inputs the job's expressions give, `continue-on-error`
 * and `steps.<id>.outcome` honoured. The job's own commands decide what passes, so a job that
 * would fail on GitHub fails here (checkout, setup-node and `npm ci` are what this checkout
 * already did).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { runActionMain } from '../../test-support/run-action.ts';

const root = `${import.meta.dirname}/../../`;

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}

const workflow = parse(readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};

/** Lines `NAME=value` (and `NAME<<DELIM` blocks) as the runner reads GITHUB_ENV. */
function readEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      while (lines[++i] !== heredoc[2]) value.push(lines[i]!);
      env[heredoc[1]!] = value.join('\n');
    } else if (line.includes('=')) env[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return env;
}

function bash(script: string, env: Record<string, string>) {
  // Its own process group, so what the step leaves running in the background can be stopped.
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise<{ code: number | null; out: string; pgid: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, pgid: child.pid! }));
  });
}

describe('ci.yml self-test job', () => {
  it('passes: the Action with uses: ./ against the sandbox started in the job', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'tokenrelay-selftest-'));
    const envFile = join(temp, 'github-env');
    writeFileSync(envFile, '');
    const outputs: Record<string, Record<string, string>> = {};
    const outcomes: Record<string, string> = {};
    const groups: number[] = [];
    const logs: string[] = [];
    let token = '';
    const expand = (text: string, env: Record<string, string>) =>
      text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
        const path = expr.split('.');
        if (path[0] === 'env') return env[path[1]!] ?? '';
        if (path[0] === 'steps' && path[2] === 'outputs') return outputs[path[1]!]?.[path[3]!] ?? '';
        if (path[0] === 'steps' && path[2] === 'outcome') return outcomes[path[1]!] ?? '';
        throw new Error(`the self-test runner does not evaluate \${{ ${expr} }}`);
      });

    try {
      for (const step of workflow.jobs['self-test']!.steps) {
        const label = step.name ?? step.uses ?? step.run!;
        if (step.uses?.startsWith('actions/') || step.run?.startsWith('npm ci')) continue;
        const jobEnv = readEnvFile(readFileSync(envFile, 'utf8'));
        const env = Object.fromEntries(
          Object.entries({ ...jobEnv, ...step.env }).map(([k, v]) => [k, expand(String(v), jobEnv)]),
        );
        let ok: boolean;
        if (step.uses === './') {
          const inputs = Object.fromEntries(
            Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), jobEnv)]),
          );
          const run = await runActionMain({ inputs, env: jobEnv });
          ok = run.code === 0;
          if (step.id) outputs[step.id] = run.outputs;
          if (run.outputs.token) token = run.outputs.token;
          logs.push(
            run.stdout
              .split('\n')
              .filter((l) => !l.startsWith('::add-mask::'))
              .join('\n'),
            run.stderr,
          );
        } else {
          const r = await bash(expand(step.run!, jobEnv), {
            PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
            HOME: temp,
            RUNNER_TEMP: temp,
            GITHUB_ENV: envFile,
            ...env,
          });
          groups.push(r.pgid);
          ok = r.code === 0;
          logs.push(r.out);
        }
        if (step.id) outcomes[step.id] = ok ? 'success' : 'failure';
        if (!ok && !step['continue-on-error']) throw new Error(`step "${label}" failed:\n${logs.at(-1)}`);
      }
    } finally {
      for (const pgid of groups) {
        try {
          process.kill(-pgid, 'SIGTERM');
        } catch {} // the group is gone: nothing was left running
      }
    }

    expect(outcomes).toEqual({ token: 'success', rejected: 'failure' });
    expect(logs.join('\n')).toContain('"login":"cc-basic"'); // the curl step reached the API
    expect(token).not.toBe('');
    assertNoLeaks({ secrets: { token }, texts: { log: logs.join('\n') } });
  }, 120_000);
});
