import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCredentialsPath, writeCredentialsFile } from '../../src/export/credentials-file.ts';
import { thrown } from '../../test-support/expect-error.ts';
import { NOW, sampleToken, tempDir } from './export-fixtures.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const mode = (p: string) => statSync(p).mode & 0o777;

describe('defaultCredentialsPath', () => {
  it('is a fresh tokenrelay-<random>.json in RUNNER_TEMP', () => {
    const a = defaultCredentialsPath({ RUNNER_TEMP: dir, GITHUB_WORKSPACE: join(dir, 'ws') });
    const b = defaultCredentialsPath({ RUNNER_TEMP: dir });
    expect(dirname(a)).toBe(dir);
    expect(basename(a)).toMatch(/^tokenrelay-[0-9a-f]{16}\.json$/);
    expect(a).not.toBe(b);
  });

  it('falls back to the OS temp dir outside Actions', () => {
    expect(dirname(defaultCredentialsPath({}))).toBe(tmpdir());
  });

  it('refuses a RUNNER_TEMP inside the workspace, which gets uploaded', () => {
    const e = thrown(() =>
      defaultCredentialsPath({ RUNNER_TEMP: join(dir, 'ws', 'tmp'), GITHUB_WORKSPACE: join(dir, 'ws') }),
    );
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('GITHUB_WORKSPACE');
    expect(thrown(() => defaultCredentialsPath({ RUNNER_TEMP: dir, GITHUB_WORKSPACE: dir })).exitCode).toBe(
      2,
    );
  });

  it('sees through a RUNNER_TEMP that links into the workspace', () => {
    mkdirSync(join(dir, 'ws', 'inner'), { recursive: true });
    symlinkSync(join(dir, 'ws', 'inner'), join(dir, 'link'));
    expect(() =>
      defaultCredentialsPath({ RUNNER_TEMP: join(dir, 'link'), GITHUB_WORKSPACE: join(dir, 'ws') }),
    ).toThrow(/GITHUB_WORKSPACE/);
  });

  it('accepts a sibling whose name only starts like the workspace', () => {
    expect(() =>
      defaultCredentialsPath({ RUNNER_TEMP: join(dir, 'ws-temp'), GITHUB_WORKSPACE: join(dir, 'ws') }),
    ).not.toThrow();
  });
});

describe('writeCredentialsFile', () => {
  it('writes the JSON 0600 and returns where, for the post step to delete', () => {
    const path = writeCredentialsFile(sampleToken(), undefined, { env: { RUNNER_TEMP: dir }, now: NOW });
    expect(dirname(path)).toBe(dir);
    expect(mode(path)).toBe(0o600);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    expect(json.token).toBe(sampleToken().accessToken);
    expect(json.expires_in).toBe(3600);
  });

  it('writes an explicit path, even inside the workspace, creating parents 0700', () => {
    const path = join(dir, 'ws', 'creds', 'token.json');
    const written = writeCredentialsFile(sampleToken(), path, { env: { GITHUB_WORKSPACE: join(dir, 'ws') } });
    expect(written).toBe(path);
    expect(mode(path)).toBe(0o600);
    expect(mode(join(dir, 'ws', 'creds'))).toBe(0o700);
  });

  it('replaces an existing file atomically, leaving no temp file behind', () => {
    const path = join(dir, 'token.json');
    writeFileSync(path, '{"token":"old"}', { mode: 0o666 });
    writeCredentialsFile(sampleToken({ accessToken: 'new-token-value' }), path);
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe('new-token-value');
    expect(mode(path)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['token.json']);
  });

  it('refuses a symlink (exit 6) and leaves the target untouched', () => {
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'keep me');
    symlinkSync(target, join(dir, 'token.json'));
    const e = thrown(() => writeCredentialsFile(sampleToken(), join(dir, 'token.json')));
    expect(e.exitCode).toBe(6);
    expect(e.message).toContain('symbolic link');
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('refuses a dangling symlink too', () => {
    symlinkSync(join(dir, 'not-there'), join(dir, 'token.json'));
    expect(thrown(() => writeCredentialsFile(sampleToken(), join(dir, 'token.json'))).exitCode).toBe(6);
    expect(readdirSync(dir)).toEqual(['token.json']);
  });

  it('refuses a directory', () => {
    mkdirSync(join(dir, 'token.json'));
    expect(thrown(() => writeCredentialsFile(sampleToken(), join(dir, 'token.json'))).message).toContain(
      'directory',
    );
  });

  it('fails with exit 6 when the parent is a file', () => {
    writeFileSync(join(dir, 'file'), '');
    expect(thrown(() => writeCredentialsFile(sampleToken(), join(dir, 'file', 'token.json'))).exitCode).toBe(
      6,
    );
  });
});
