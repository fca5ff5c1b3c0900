import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExportSpec, writeExport } from '../../src/export/sinks.ts';
import { thrown } from '../../test-support/expect-error.ts';
import { NOW, sampleToken, tempDir } from './export-fixtures.ts';

describe('parseExportSpec', () => {
  it.each([
    ['print', { kind: 'print' }],
    ['shell', { kind: 'shell' }],
    ['json', { kind: 'json' }],
    ['gitlab-dotenv=build.env', { kind: 'gitlab-dotenv', path: 'build.env' }],
    ['file=/tmp/a=b.json', { kind: 'file', path: '/tmp/a=b.json' }],
  ])('%s', (spec, parsed) => {
    expect(parseExportSpec(spec)).toEqual(parsed);
  });

  it.each([
    '',
    'env',
    'JSON',
    'file',
    'file=',
    'gitlab-dotenv',
    'json=x',
    'dotenv=x',
    ' shell',
  ])('refuses %j, listing the valid forms (exit 2)', (spec) => {
    const error = thrown(() => parseExportSpec(spec));
    expect(error.exitCode).toBe(2);
    expect(error.hint).toBe('Use one of: print, shell, json, gitlab-dotenv=PATH, file=PATH.');
  });
});

describe('writeExport', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  const run = (spec: string, envName?: string) => {
    let out = '';
    const path = writeExport(sampleToken(), parseExportSpec(spec), {
      write: (t) => {
        out += t;
      },
      envName,
      now: NOW,
    });
    return { out, path };
  };

  it('print, shell and json go to stdout and write no file', () => {
    expect(run('print')).toEqual({ out: `${sampleToken().accessToken}\n`, path: undefined });
    expect(run('shell', 'MYAPI_TOKEN').out).toMatch(/^export MYAPI_TOKEN='/);
    expect(JSON.parse(run('json').out).expires_in).toBe(3600);
  });

  it('gitlab-dotenv and file write files, print nothing and return their paths', () => {
    const dotenv = run(`gitlab-dotenv=${join(dir, 'build.env')}`, 'MYAPI_TOKEN');
    expect(dotenv.out).toBe('');
    expect(dotenv.path).toBe(join(dir, 'build.env'));
    expect(readFileSync(join(dir, 'build.env'), 'utf8')).toMatch(/^MYAPI_TOKEN=/);
    const file = run(`file=${join(dir, 'creds.json')}`);
    expect(file.out).toBe('');
    expect(statSync(file.path as string).mode & 0o777).toBe(0o600);
  });
});
