/** Tokens and a recording Runner shared by the export tests. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedToken } from '../../src/core/token.ts';
import { createGitHubRunner } from '../../src/export/github-commands.ts';
import type { Runner } from '../../src/export/runner.ts';

export const NOW = Date.parse('2026-11-23T11:00:00.000Z');

export function sampleToken(overrides: Partial<ResolvedToken> = {}): ResolvedToken {
  return {
    accessToken: 'at-3f9c2e7a-SECRET-access-Q7xZ',
    tokenType: 'Bearer',
    expiresAt: new Date('2026-11-23T12:00:00.789Z'),
    scope: 'read:items write:items',
    refreshToken: 'rt-71b0-SECRET-refresh-K2wV',
    idToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.SECRET-id-sig-M9pL',
    source: 'client-credentials',
    sourceLabel: 'client credentials (cc-basic)',
    method: 'client-credentials',
    environment: 'https://api.tokenrelay.test',
    tenant: 'acme',
    workspace: 'ws-42',
    identity: { login: 'deploy-bot', email: 'bot@example.test', subject: 'user-1' },
    ...overrides,
  };
}

/** Every secret of a token, for "never contains" assertions. */
export function secretsOf(token: ResolvedToken): string[] {
  return [token.accessToken, token.refreshToken, token.idToken].filter((s): s is string => !!s);
}

export function tempDir(prefix = 'tokenrelay-export-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real runner on temp files, with stdout captured and every call recorded in order. */
export interface RunnerHarness {
  runner: Runner;
  env: NodeJS.ProcessEnv;
  stdout: () => string;
  calls: string[];
  files: { output: string; env: string; state: string; summary: string };
  read: (file: string) => string;
}

export function runnerHarness(dir: string, extraEnv: NodeJS.ProcessEnv = {}): RunnerHarness {
  const files = {
    output: join(dir, 'github_output'),
    env: join(dir, 'github_env'),
    state: join(dir, 'github_state'),
    summary: join(dir, 'step_summary'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: NodeJS.ProcessEnv = {
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    ...extraEnv,
  };
  let out = '';
  const calls: string[] = [];
  const real = createGitHubRunner({
    env,
    write: (t) => {
      out += t;
    },
    eol: '\n',
  });
  const recorded = new Proxy(real, {
    get(target, key: keyof Runner) {
      const fn = target[key] as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        const named = key === 'setOutput' || key === 'exportVariable' || key === 'saveState';
        calls.push(named ? `${key}:${String(args[0])}` : key);
        return fn(...args);
      };
    },
  });
  return { runner: recorded, env, stdout: () => out, calls, files, read: (f) => readFileSync(f, 'utf8') };
}

/** The runner's reading of a file-command file: `name<<DELIM`, value lines, `DELIM`. */
export function parseFileCommands(text: string): Array<[string, string]> {
  const lines = text.split('\n');
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
