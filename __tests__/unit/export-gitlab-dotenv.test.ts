import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOTENV_MAX_BYTES, renderGitLabDotenv, writeGitLabDotenv } from '../../src/export/gitlab-dotenv.ts';
import { thrown } from '../../test-support/expect-error.ts';
import { sampleToken, tempDir } from './export-fixtures.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const mode = (p: string) => statSync(p).mode & 0o777;

/** GitLab's reading of a report: each line split at the first `=`, both sides stripped. */
function gitlabParse(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/(?<=\n)/)) {
    const m = /^(.*?)=(.*)$/m.exec(line);
    if (!m) throw new Error(`Invalid Format: ${JSON.stringify(line)}`);
    const key = (m[1] as string).trim();
    if (!/^[A-Za-z0-9_]+$/.test(key)) throw new Error(`invalid key ${key}`);
    out[key] = (m[2] as string).trim();
  }
  return out;
}

describe('renderGitLabDotenv', () => {
  it('writes the token and its facts under the default names, as GitLab reads them', () => {
    const token = sampleToken({ accessToken: 'abc.def-ghi_jkl==' });
    const text = renderGitLabDotenv(token);
    expect(text).toBe(
      'TOKENRELAY_TOKEN=abc.def-ghi_jkl==\n' +
        'TOKENRELAY_TOKEN_TYPE=Bearer\n' +
        'TOKENRELAY_TOKEN_EXPIRES_AT=2026-11-23T12:00:00Z\n' +
        'TOKENRELAY_TOKEN_TENANT=acme\n' +
        'TOKENRELAY_TOKEN_WORKSPACE=ws-42\n',
    );
    expect(gitlabParse(text)['TOKENRELAY_TOKEN']).toBe('abc.def-ghi_jkl==');
  });

  it('follows a custom name and leaves out absent facts', () => {
    const text = renderGitLabDotenv(sampleToken({ tenant: undefined, workspace: '' }), 'MYAPI_TOKEN');
    expect(Object.keys(gitlabParse(text))).toEqual([
      'MYAPI_TOKEN',
      'MYAPI_TOKEN_TYPE',
      'MYAPI_TOKEN_EXPIRES_AT',
    ]);
  });

  it('keeps quotes literally, as GitLab does', () => {
    const text = renderGitLabDotenv(sampleToken({ accessToken: `"quoted" and 'single'` }));
    expect(gitlabParse(text)['TOKENRELAY_TOKEN']).toBe(`"quoted" and 'single'`);
  });

  it.each([
    ['line\nbreak', 'it contains a newline'],
    ['carriage\rreturn', 'it contains a carriage return'],
    ['nul\0byte', 'it contains a NUL byte'],
    [' leading', 'whitespace'],
    ['trailing\t', 'whitespace'],
    ['abc$HOME', 'expands'],
  ])('refuses the token %j (exit 2)', (accessToken, why) => {
    const e = thrown(() => writeGitLabDotenv(sampleToken({ accessToken }), join(dir, 'build.env')));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('The token cannot be written to a GitLab dotenv report');
    expect(e.message).toContain(why);
    expect(e.describe()).not.toContain(accessToken);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the variable when a fact is what cannot be written', () => {
    expect(() => renderGitLabDotenv(sampleToken({ tenant: 'two\nlines' }))).toThrow(
      /TOKENRELAY_TOKEN_TENANT cannot be written .* newline/,
    );
  });

  it('refuses a report of 5 KB or more', () => {
    const fixed = renderGitLabDotenv(sampleToken({ accessToken: '' })).length;
    const fits = 'a'.repeat(DOTENV_MAX_BYTES - 1 - fixed);
    expect(Buffer.byteLength(renderGitLabDotenv(sampleToken({ accessToken: fits })))).toBe(
      DOTENV_MAX_BYTES - 1,
    );
    const e = thrown(() => renderGitLabDotenv(sampleToken({ accessToken: `${fits}a` })));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/5120 bytes; GitLab accepts less than 5120/);
  });

  it('counts bytes, not characters', () => {
    const fixed = renderGitLabDotenv(sampleToken({ accessToken: '' })).length;
    const chars = Math.ceil((DOTENV_MAX_BYTES - fixed) / 3);
    expect(() => renderGitLabDotenv(sampleToken({ accessToken: '日'.repeat(chars) }))).toThrow(
      /GitLab accepts/,
    );
  });

  it('refuses a name GitLab or later steps cannot take', () => {
    expect(thrown(() => renderGitLabDotenv(sampleToken(), 'MY-TOKEN')).exitCode).toBe(2);
    expect(thrown(() => renderGitLabDotenv(sampleToken(), 'CI_JOB_TOKEN')).exitCode).toBe(2);
    // TOKENRELAY + _TENANT would overwrite a tokenrelay setting.
    expect(() => renderGitLabDotenv(sampleToken(), 'TOKENRELAY')).toThrow(/TOKENRELAY_TENANT/);
  });
});

describe('writeGitLabDotenv', () => {
  it('writes 0600 in new 0700 parent directories and returns the absolute path', () => {
    const path = join(dir, 'a', 'b', 'build.env');
    expect(writeGitLabDotenv(sampleToken(), path)).toBe(path);
    expect(mode(path)).toBe(0o600);
    expect(mode(join(dir, 'a'))).toBe(0o700);
    expect(mode(join(dir, 'a', 'b'))).toBe(0o700);
    expect(gitlabParse(readFileSync(path, 'utf8'))['TOKENRELAY_TOKEN']).toBe(sampleToken().accessToken);
  });

  it('replaces an existing file whole, tightening its mode, leaving no temp file', () => {
    const path = join(dir, 'build.env');
    writeFileSync(path, 'OLD=1\n'.repeat(200), { mode: 0o644 });
    const before = statSync(path).ino;
    writeGitLabDotenv(sampleToken(), path);
    expect(readFileSync(path, 'utf8')).not.toContain('OLD=');
    expect(statSync(path).ino).not.toBe(before);
    expect(mode(path)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['build.env']);
  });

  it('refuses a symlink at the path (exit 6) and leaves its target untouched', () => {
    const target = join(dir, 'target');
    writeFileSync(target, 'precious\n', { mode: 0o644 });
    const link = join(dir, 'build.env');
    symlinkSync(target, link);
    expect(thrown(() => writeGitLabDotenv(sampleToken(), link)).exitCode).toBe(6);
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['build.env', 'target']);
  });

  it('refuses a directory at the path', () => {
    mkdirSync(join(dir, 'build.env'));
    const e = thrown(() => writeGitLabDotenv(sampleToken(), join(dir, 'build.env')));
    expect(e.exitCode).toBe(6);
    expect(e.message).toContain('directory');
  });
});
