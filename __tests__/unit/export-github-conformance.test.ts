/**
 * Our runner protocol against the real @actions/core, same inputs, side by side: the
 * stdout command lines must be identical, and the file-command files must parse to the
 * same entries (only the random heredoc delimiters differ).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubRunner } from '../../src/export/github-commands.ts';
import type { Runner } from '../../src/export/runner.ts';
import { fileCommandEntries, tempDir } from '../../test-support/recording-runner.ts';

const VALUES = [
  'plain-value',
  'per%cent and %25 already escaped',
  'line one\nline two\nline three',
  'carriage\rreturn and\r\nCRLF',
  'unicode ✓ 日本語 🚀 ñ',
  '::set-output name=evil::x',
  '::add-mask::not-a-command',
  'colon: and, comma',
  'trailing newline\n',
  '',
  'x'.repeat(3000),
];

const FILE_KINDS = ['OUTPUT', 'ENV', 'STATE'] as const;

interface Side {
  files: Record<(typeof FILE_KINDS)[number] | 'STEP_SUMMARY', string>;
  stdout: string[];
}

let dirs: Array<() => void> = [];
let savedEnv: NodeJS.ProcessEnv;
let ours: Side;
let theirs: Side;
let runner: Runner;
let ourEnv: NodeJS.ProcessEnv;

function side(name: string): Side {
  const { dir, cleanup } = tempDir(`tokenrelay-conf-${name}-`);
  dirs.push(cleanup);
  const files = {
    OUTPUT: join(dir, 'output'),
    ENV: join(dir, 'env'),
    STATE: join(dir, 'state'),
    STEP_SUMMARY: join(dir, 'summary'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  return { files, stdout: [] };
}

/** Runs `fn` with process.stdout.write captured: @actions/core writes there directly. */
function captureCore<T>(fn: () => T): T {
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    theirs.stdout.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    return fn();
  } finally {
    process.stdout.write = original;
  }
}

/** Both sides' outcome: a value, or that it threw (messages differ by design). */
function both<T>(ourCall: (r: Runner) => T, coreCall: () => T): { ours: T | 'threw'; theirs: T | 'threw' } {
  const attempt = (f: () => T): T | 'threw' => {
    try {
      return f();
    } catch {
      return 'threw';
    }
  };
  return { ours: attempt(() => ourCall(runner)), theirs: attempt(() => captureCore(coreCall)) };
}

const read = (f: string) => readFileSync(f, 'utf8');

beforeEach(() => {
  savedEnv = { ...process.env };
  ours = side('ours');
  theirs = side('theirs');
  for (const kind of [...FILE_KINDS, 'STEP_SUMMARY'] as const) {
    process.env[`GITHUB_${kind}`] = theirs.files[kind];
  }
  ourEnv = { ...process.env };
  for (const kind of [...FILE_KINDS, 'STEP_SUMMARY'] as const) ourEnv[`GITHUB_${kind}`] = ours.files[kind];
  runner = createGitHubRunner({ env: ourEnv, write: (t) => void ours.stdout.push(t) });
});

afterEach(() => {
  process.env = savedEnv;
  for (const cleanup of dirs) cleanup();
  dirs = [];
});

describe('stdout commands are byte-identical to @actions/core', () => {
  it('add-mask', () => {
    for (const v of VALUES)
      both(
        (r) => r.addMask(v),
        () => core.setSecret(v),
      );
    expect(ours.stdout).toEqual(theirs.stdout);
    expect(ours.stdout.join('')).toContain('::add-mask::line one%0Aline two%0Aline three\n');
    expect(ours.stdout.join('')).toContain('::add-mask::per%25cent and %2525 already escaped\n');
    expect(ours.stdout.join('')).toContain('::add-mask::carriage%0Dreturn and%0D%0ACRLF\n');
  });

  it('debug, info, warning and error, with and without annotation properties', () => {
    const props = [
      undefined,
      {},
      { title: 'Title: with, syntax\nand newline' },
      { title: undefined },
      { file: 'src/a.ts', startLine: 3, endLine: 4, startColumn: 0, endColumn: 9 },
      { title: '%percent', file: 'C:\\dir\\file.ts', startLine: 0 },
    ];
    for (const v of VALUES) {
      both(
        (r) => r.debug(v),
        () => core.debug(v),
      );
      both(
        (r) => r.info(v),
        () => core.info(v),
      );
      for (const p of props) {
        both(
          (r) => r.warning(v, p),
          () => core.warning(v, p),
        );
        both(
          (r) => r.error(v, p),
          () => core.error(v, p),
        );
      }
    }
    const err = new TypeError('bad: thing\nsecond line');
    both(
      (r) => r.warning(err),
      () => core.warning(err),
    );
    both(
      (r) => r.error(err, { title: 'x' }),
      () => core.error(err, { title: 'x' }),
    );
    expect(ours.stdout).toEqual(theirs.stdout);
    expect(ours.stdout).toContain('::error title=x::TypeError: bad: thing%0Asecond line\n');
    expect(ours.stdout).toContain('::warning ::plain-value\n');
  });
});

describe('file commands parse to the same entries as @actions/core', () => {
  it('outputs, env and state, every value', () => {
    VALUES.forEach((v, i) => {
      both(
        (r) => r.setOutput(`out-${i}`, v),
        () => core.setOutput(`out-${i}`, v),
      );
      both(
        (r) => r.exportVariable(`ENV_${i}`, v),
        () => core.exportVariable(`ENV_${i}`, v),
      );
      both(
        (r) => r.saveState(`state_${i}`, v),
        () => core.saveState(`state_${i}`, v),
      );
    });
    for (const kind of FILE_KINDS) {
      const mine = fileCommandEntries(read(ours.files[kind]));
      const core_ = fileCommandEntries(read(theirs.files[kind]));
      expect(mine).toEqual(core_);
      expect(mine).toHaveLength(VALUES.length);
    }
    expect(fileCommandEntries(read(ours.files.OUTPUT))[2]).toEqual(['out-2', VALUES[2]]);
    VALUES.forEach((v, i) => {
      expect(ourEnv[`ENV_${i}`]).toBe(v);
      expect(process.env[`ENV_${i}`]).toBe(v);
    });
    expect(ours.stdout).toEqual([]);
    expect(theirs.stdout).toEqual([]);
  });

  it('the file layout matches line for line apart from the delimiter', () => {
    both(
      (r) => r.setOutput('token', 'a\nb'),
      () => core.setOutput('token', 'a\nb'),
    );
    const normalise = (s: string) => s.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIM');
    expect(normalise(read(ours.files.OUTPUT))).toBe(normalise(read(theirs.files.OUTPUT)));
    expect(normalise(read(ours.files.OUTPUT))).toBe('token<<DELIM\na\nb\nDELIM\n');
  });

  it('job summary appends the same markdown', async () => {
    const md = '### t\n\n| a | b |\n| --- | --- |\n| x | y |\n';
    runner.appendSummary(md);
    runner.appendSummary(md);
    await core.summary.addRaw(md).write();
    await core.summary.addRaw(md).write();
    expect(read(ours.files.STEP_SUMMARY)).toBe(read(theirs.files.STEP_SUMMARY));
    expect(read(ours.files.STEP_SUMMARY)).toBe(md + md);
  });
});

describe('inputs and state read the same as @actions/core', () => {
  const INPUTS: Record<string, string> = {
    'INPUT_CLIENT-ID': '  my-client  ',
    INPUT_MY_INPUT: 'spaced name',
    INPUT_EMPTY: '',
    INPUT_BLANK: '   ',
    INPUT_LINES: '  a  \n\n b \n   \nc\n',
    INPUT_T1: 'true',
    INPUT_T2: 'True',
    INPUT_T3: 'TRUE',
    INPUT_F1: 'false',
    INPUT_F2: ' FALSE ',
    INPUT_Y: 'yes',
    INPUT_ONE: '1',
    INPUT_TMIXED: 'tRue',
    STATE_credentials_file: '/tmp/x.json',
    RUNNER_DEBUG: '1',
  };

  beforeEach(() => {
    Object.assign(process.env, INPUTS);
    Object.assign(ourEnv, INPUTS);
  });

  it.each([
    ['client-id', undefined],
    ['client-id', { trimWhitespace: false }],
    ['my input', undefined],
    ['MY_INPUT', undefined],
    ['empty', undefined],
    ['empty', { required: true }],
    ['blank', { required: true }],
    ['blank', { required: true, trimWhitespace: false }],
    ['missing', { required: true }],
    ['missing', undefined],
  ])('getInput(%j, %j)', (name, options) => {
    const r = both(
      (x) => x.getInput(name, options),
      () => core.getInput(name, options),
    );
    expect(r.ours).toEqual(r.theirs);
  });

  it.each([
    't1',
    't2',
    't3',
    'f1',
    'f2',
    'y',
    'one',
    'tmixed',
    'empty',
    'missing',
  ])('getBooleanInput(%j)', (name) => {
    const r = both(
      (x) => x.getBooleanInput(name),
      () => core.getBooleanInput(name),
    );
    expect(r.ours).toEqual(r.theirs);
  });

  it.each([
    undefined,
    { trimWhitespace: false },
    { required: true },
  ])('getMultilineInput(lines, %j)', (options) => {
    const r = both(
      (x) => x.getMultilineInput('lines', options),
      () => core.getMultilineInput('lines', options),
    );
    expect(r.ours).toEqual(r.theirs);
    expect(r.ours).not.toBe('threw');
  });

  it('getState and isDebug', () => {
    expect(runner.getState('credentials_file')).toBe(core.getState('credentials_file'));
    expect(runner.getState('absent')).toBe(core.getState('absent'));
    expect(runner.isDebug()).toBe(core.isDebug());
    expect(runner.isDebug()).toBe(true);
    ourEnv['RUNNER_DEBUG'] = 'true';
    process.env['RUNNER_DEBUG'] = 'true';
    expect(runner.isDebug()).toBe(core.isDebug());
    expect(runner.isDebug()).toBe(false);
  });
});
