/** Where our runner protocol deliberately differs from @actions/core, and its error paths. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGitHubRunner,
  escapeData,
  escapeProperty,
  formatCommand,
} from '../../src/export/github-commands.ts';
import { thrown } from '../../test-support/expect-error.ts';
import { tempDir } from './export-fixtures.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('escaping', () => {
  it('escapes data and properties as the runner unescapes them', () => {
    expect(escapeData('a%b\r\nc')).toBe('a%25b%0D%0Ac');
    expect(escapeProperty('t: a,b%\n')).toBe('t%3A a%2Cb%25%0A');
    expect(formatCommand('warning', { title: 'T', line: 0, col: 7 }, 'm')).toBe('::warning title=T,col=7::m');
  });
});

describe('file commands never fall back to stdout', () => {
  it.each([
    ['setOutput', 'GITHUB_OUTPUT'],
    ['exportVariable', 'GITHUB_ENV'],
    ['saveState', 'GITHUB_STATE'],
  ] as const)('%s without %s is a usage error and prints nothing', (method, variable) => {
    let out = '';
    const env: NodeJS.ProcessEnv = {};
    const runner = createGitHubRunner({
      env,
      write: (t) => {
        out += t;
      },
    });
    const e = thrown(() => runner[method]('token', 'secret-value-123'));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(variable);
    expect(e.describe()).not.toContain('secret-value-123');
    expect(out).toBe('');
    expect(env['token']).toBeUndefined();
  });

  it('refuses a file-command variable that names no file, without creating it', () => {
    const missing = join(dir, 'nope');
    const runner = createGitHubRunner({ env: { GITHUB_OUTPUT: missing }, write: () => {} });
    expect(thrown(() => runner.setOutput('x', 'y')).exitCode).toBe(2);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('heredoc delimiter safety', () => {
  it('refuses a name or value containing the delimiter and writes nothing', () => {
    const file = join(dir, 'out');
    writeFileSync(file, '');
    const env: NodeJS.ProcessEnv = { GITHUB_OUTPUT: file, GITHUB_ENV: file };
    const runner = createGitHubRunner({ env, write: () => {}, newDelimiter: () => 'ghadelimiter_fixed' });
    expect(() => runner.setOutput('x', 'before\nghadelimiter_fixed\nevil<<y')).toThrow(
      /value contains the delimiter/,
    );
    expect(() => runner.setOutput('ghadelimiter_fixed', 'v')).toThrow(/name contains the delimiter/);
    expect(() => runner.exportVariable('X', 'ghadelimiter_fixed')).toThrow(/delimiter/);
    expect(env['X']).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('uses a fresh delimiter per entry', () => {
    const file = join(dir, 'out');
    writeFileSync(file, '');
    const runner = createGitHubRunner({ env: { GITHUB_OUTPUT: file }, write: () => {} });
    runner.setOutput('a', '1');
    runner.setOutput('b', '2');
    const delimiters = readFileSync(file, 'utf8').match(/ghadelimiter_[0-9a-f-]{36}/g) ?? [];
    expect(delimiters).toHaveLength(4);
    expect(new Set(delimiters).size).toBe(2);
  });
});

describe('inputs fail as usage errors', () => {
  const runner = createGitHubRunner({ env: { INPUT_REVOKE: 'yes' }, write: () => {} });

  it('a missing required input names the input and where to set it', () => {
    const e = thrown(() => runner.getInput('client id', { required: true }));
    expect(e.exitCode).toBe(2);
    expect(e.describe()).toContain('client id');
    expect(e.describe()).toContain('with:');
  });

  it('a non-boolean lists the accepted forms without echoing the value', () => {
    const e = thrown(() => runner.getBooleanInput('revoke'));
    expect(e.exitCode).toBe(2);
    expect(e.describe()).toContain('true | True | TRUE | false | False | FALSE');
    expect(e.describe()).not.toContain('yes');
  });
});

describe('job summary', () => {
  it('without GITHUB_STEP_SUMMARY is an error the caller can turn into a warning', () => {
    const runner = createGitHubRunner({ env: {}, write: () => {} });
    expect(thrown(() => runner.appendSummary('# x')).message).toContain('GITHUB_STEP_SUMMARY');
  });
});
