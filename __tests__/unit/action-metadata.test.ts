/**
 * action.yml, the Action's input reader, the outputs it sets and the README must not drift:
 * an input the code reads but action.yml does not declare is silently empty on a runner, and
 * one declared but never read is a promise the Action does not keep.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.ts';
import { githubOutputs } from '../../src/export/github.ts';
import { recordingRunner, tempDir } from '../../test-support/recording-runner.ts';

// A path on every OS (a URL's pathname is /C:/... on Windows, where CI runs the unit tests too).
const root = `${import.meta.dirname}/../../`;
const actionYml = readFileSync(`${root}action.yml`, 'utf8');
const readme = readFileSync(`${root}README.md`, 'utf8');

/** Names of the entries under a top-level key (`inputs:` / `outputs:`), two-space indented. */
function section(key: string): string[] {
  const lines = actionYml.split('\n');
  const start = lines.indexOf(`${key}:`);
  expect(start, `action.yml has no ${key}: section`).toBeGreaterThanOrEqual(0);
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^ {2}([a-z][a-z0-9-]*):\s*$/.exec(line);
    if (m) names.push(m[1]!);
  }
  return names;
}

describe('action.yml', () => {
  it('runs on node24 with a main and an always-run post step from dist/', () => {
    expect(actionYml).toMatch(/using: node24/);
    expect(actionYml).toMatch(/main: dist\/main\/index\.js/);
    expect(actionYml).toMatch(/post: dist\/post\/index\.js/);
    expect(actionYml).toMatch(/post-if: always\(\)/);
  });

  it('declares exactly the inputs the Action reads', () => {
    const t = tempDir();
    try {
      const r = recordingRunner(t.dir);
      readInputs(r.runner);
      const asked = new Set(r.calls.filter((c) => /^get\w*Input:/.test(c)).map((c) => c.split(':')[1]));
      expect([...asked].sort()).toEqual(section('inputs').sort());
    } finally {
      t.cleanup();
    }
  });

  it('declares every output the Action can set', () => {
    const outputs = section('outputs');
    const token = {
      accessToken: 'a-token-for-the-metadata-test',
      tokenType: 'Bearer',
      expiresAt: new Date(Date.now() + 600_000),
      scope: 'read',
      tenant: 't',
      workspace: 'w',
      identity: { login: 'someone' },
      source: 'client-credentials' as const,
      sourceLabel: 'client credentials',
      method: 'client-credentials' as const,
      environment: 'https://api.example.test',
    };
    for (const [name] of githubOutputs(token)) expect(outputs).toContain(name);
    expect(outputs).toContain('credentials-file');
  });

  it('documents every input and output in the README', () => {
    for (const name of [...section('inputs'), ...section('outputs')]) {
      expect(readme, `README does not mention \`${name}\``).toContain(`\`${name}\``);
    }
  });
});
