import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { exportToGitHub, githubOutputs } from '../../src/export/github.ts';
import {
  fileCommandEntries,
  type RecordingRunner,
  recordingRunner,
  tempDir,
} from '../../test-support/recording-runner.ts';
import { NOW, sampleToken, secretsOf } from './export-fixtures.ts';

let h: RecordingRunner;
let cleanup: () => void;
beforeEach(() => {
  resetSecretsForTest();
  const t = tempDir();
  cleanup = t.cleanup;
  h = recordingRunner(t.dir);
});
afterEach(() => {
  cleanup();
  resetSecretsForTest();
});

const maskLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));

describe('exportToGitHub', () => {
  it('masks every secret before the first output, env or summary write', () => {
    const token = sampleToken();
    exportToGitHub(token, { runner: h.runner, envName: 'MYAPI_TOKEN', summary: true, now: NOW });
    const firstWrite = h.calls.findIndex((c) => !c.startsWith('addMask'));
    const lastMask = h.calls.findLastIndex((c) => c.startsWith('addMask'));
    expect(lastMask).toBeGreaterThanOrEqual(2);
    expect(firstWrite).toBeGreaterThan(lastMask);
    expect(h.calls.slice(firstWrite)).toEqual([
      'setOutput:token',
      'setOutput:token-type',
      'setOutput:expires-at',
      'setOutput:expires-in',
      'setOutput:scope',
      'setOutput:tenant',
      'setOutput:workspace',
      'setOutput:identity',
      'setOutput:method',
      'setOutput:source',
      'exportVariable:MYAPI_TOKEN',
      'appendSummary',
    ]);
    const masks = maskLines(h.stdout());
    for (const secret of secretsOf(token)) {
      expect(masks).toContain(`::add-mask::${secret}`);
      expect(masks).toContain(`::add-mask::${Buffer.from(secret).toString('base64')}`);
      expect(isSecret(secret)).toBe(true);
    }
  });

  it('masks each line of a multi-line secret too', () => {
    exportToGitHub(sampleToken({ idToken: 'first-line-secret\nsecond-line-secret' }), { runner: h.runner });
    const masks = maskLines(h.stdout());
    expect(masks).toContain('::add-mask::first-line-secret%0Asecond-line-secret');
    expect(masks).toContain('::add-mask::first-line-secret');
    expect(masks).toContain('::add-mask::second-line-secret');
  });

  it('writes the outputs the runner reads back, and nothing else to stdout', () => {
    const token = sampleToken();
    exportToGitHub(token, { runner: h.runner, now: NOW });
    expect(Object.fromEntries(fileCommandEntries(h.read(h.files.output)))).toEqual({
      token: token.accessToken,
      'token-type': 'Bearer',
      'expires-at': '2026-11-23T12:00:00Z',
      'expires-in': '3600',
      scope: 'read:items write:items',
      tenant: 'acme',
      workspace: 'ws-42',
      identity: 'deploy-bot',
      method: 'client-credentials',
      source: 'client-credentials',
    });
    expect(
      h
        .stdout()
        .split('\n')
        .filter((l) => l && !l.startsWith('::add-mask::')),
    ).toEqual([]);
    expect(h.read(h.files.env)).toBe('');
    expect(h.read(h.files.state)).toBe('');
    expect(h.read(h.files.summary)).toBe('');
  });

  it('leaves out facts the token does not have', () => {
    const token = sampleToken({
      expiresAt: undefined,
      scope: undefined,
      tenant: undefined,
      identity: undefined,
    });
    expect(githubOutputs(token, NOW).map(([k]) => k)).toEqual([
      'token',
      'token-type',
      'workspace',
      'method',
      'source',
    ]);
  });

  it('exports the env variable only when a name is given', () => {
    exportToGitHub(sampleToken(), { runner: h.runner, envName: '' });
    expect(h.read(h.files.env)).toBe('');
    exportToGitHub(sampleToken(), { runner: h.runner, envName: 'MYAPI_TOKEN', outputs: false });
    expect(fileCommandEntries(h.read(h.files.env))).toEqual([['MYAPI_TOKEN', sampleToken().accessToken]]);
    expect(h.env['MYAPI_TOKEN']).toBe(sampleToken().accessToken);
  });

  it('refuses a dangerous env name before masking or writing anything', () => {
    expect(() => exportToGitHub(sampleToken(), { runner: h.runner, envName: 'NODE_OPTIONS' })).toThrow(
      expect.objectContaining({ exitCode: 2 }),
    );
    expect(h.calls).toEqual([]);
    expect(h.stdout()).toBe('');
    expect(h.read(h.files.output)).toBe('');
    expect(h.read(h.files.env)).toBe('');
  });

  it('writes a summary without any secret of the token', () => {
    const token = sampleToken();
    exportToGitHub(token, { runner: h.runner, summary: true, now: NOW });
    const summary = h.read(h.files.summary);
    expect(summary).toContain('| Identity | deploy-bot |');
    for (const secret of secretsOf(token)) {
      expect(summary).not.toContain(secret);
      expect(summary).not.toContain(secret.slice(0, 8));
      expect(summary).not.toContain(secret.slice(-4));
    }
  });

  it('only warns when the summary cannot be written', () => {
    delete h.env['GITHUB_STEP_SUMMARY'];
    exportToGitHub(sampleToken(), { runner: h.runner, summary: true });
    expect(h.stdout()).toMatch(/^::warning::Job summary not written: .*GITHUB_STEP_SUMMARY/m);
    expect(fileCommandEntries(h.read(h.files.output)).length).toBeGreaterThan(0);
  });
});
