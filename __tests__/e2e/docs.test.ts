/**
 * The doc-test: every shell block in the README and docs/ either runs here, as written,
 * against `npm run sandbox` (scripts/sandbox.ts: the suite's OpenID provider and profile API),
 * with the built CLI on PATH — or says it does not. The fence's info string says which:
 *
 *   ```sh sandbox                      run here, in bash -e, with the sandbox's export lines
 *   ```sh test=e2e/install.test.ts     run by that test file (which must name this page)
 *   ```sh illustrative                 real hosts, placeholders or a browser: not run
 *
 * A shell block with none of them, or a fence with no language at all, fails.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOnPath } from '../../test-support/cli-on-path.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { runShell } from '../../test-support/run-shell.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHELLS = new Set(['sh', 'bash', 'shell', 'console', 'zsh', 'fish']);

interface Block {
  doc: string;
  line: number;
  lang: string;
  marker: string | undefined;
  code: string;
}

/** The fenced blocks of a Markdown text: language, the marker after it, the code. */
function blocks(doc: string, text: string): Block[] {
  const out: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [lang = '', marker] = open[2]!.trim().split(/\s+/);
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && !lines[i]!.startsWith(open[1]!)) body.push(lines[i]!);
    out.push({ doc, line: start + 1, lang, marker, code: body.join('\n') });
  }
  return out;
}

/** What is wrong with a block's marking, or undefined when it is marked well. */
function problem(b: Block): string | undefined {
  if (!b.lang) return 'a fence with no language: name it (```text, ```sh illustrative, …)';
  if (!SHELLS.has(b.lang)) return undefined;
  if (b.marker === 'sandbox' || b.marker === 'illustrative') return undefined;
  const test = /^test=((?:e2e|unit|integration)\/[\w.-]+\.test\.ts)$/.exec(b.marker ?? '');
  if (test) {
    const file = join(root, '__tests__', test[1]!);
    if (!existsSync(file)) return `${test[1]} does not exist`;
    return readFileSync(file, 'utf8').includes(b.doc) ? undefined : `${test[1]} never reads ${b.doc}`;
  }
  return 'a shell block must say `sandbox` (run by docs.test.ts), `test=FILE` or `illustrative` after its language';
}

/** Every page a user reads: the top-level Markdown files and docs/. */
function pages(): string[] {
  const md = (dir: string) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.md'))
      .map((f) => (dir === '.' ? f : `${dir}/${f}`));
  return [...md('.'), ...md('docs')];
}

const all = pages().flatMap((doc) => blocks(doc, readFileSync(join(root, doc), 'utf8')));

describe('the doc-test', () => {
  it('reads fences and their markers', () => {
    const sample =
      'a\n```sh\nls\n```\n```sh illustrative\ncurl x\n```\n````\nplain\n````\n```yaml\nk: v\n```\n';
    const found = blocks('X.md', sample);
    expect(found.map((b) => [b.line, b.lang, b.marker, b.code])).toEqual([
      [2, 'sh', undefined, 'ls'],
      [5, 'sh', 'illustrative', 'curl x'],
      [8, '', undefined, 'plain'],
      [11, 'yaml', undefined, 'k: v'],
    ]);
    expect(found.map((b) => problem(b) !== undefined)).toEqual([true, false, true, false]);
    expect(problem({ ...found[0]!, marker: 'test=e2e/no-such.test.ts' })).toContain('does not exist');
  });

  it('every shell block in the README and docs is run, or marked illustrative', () => {
    expect(all.filter((b) => b.doc === 'README.md').length).toBeGreaterThan(10);
    const wrong = all.flatMap((b) => {
      const why = problem(b);
      return why ? [`${b.doc}:${b.line}: ${why}`] : [];
    });
    expect(wrong).toEqual([]);
    // The quick start's try-it block is the README's promise that it works as pasted.
    expect(all.filter((b) => b.marker === 'sandbox' && b.doc === 'README.md').length).toBeGreaterThan(0);
  });
});

/** GitHub's anchors: lower case, punctuation dropped, spaces to hyphens; a repeated heading gets -1, -2. */
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  const outside = text.replace(/^(`{3,})[\s\S]*?^\1/gm, '');
  for (const [, heading] of outside.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}

describe('links', () => {
  it('every link to a section or a file of the repository, in the README and docs, resolves', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const doc of pages()) {
      const text = readFileSync(join(root, doc), 'utf8');
      const outside = text.replace(/^(`{3,})[\s\S]*?^\1/gm, '');
      for (const [, target] of outside.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
        checked++;
        const [file, anchor] = target!.split('#') as [string, string | undefined];
        const path = file ? join(root, dirname(doc), file) : join(root, doc);
        if (!existsSync(path)) {
          wrong.push(`${doc}: ${target} (no file)`);
          continue;
        }
        if (anchor && !anchors(readFileSync(path, 'utf8')).has(anchor))
          wrong.push(`${doc}: ${target} (no heading)`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(20);
    expect(anchors('# A\n## Where the token comes from — the resolver\n## `--json`\n## A')).toEqual(
      new Set(['a', 'where-the-token-comes-from--the-resolver', '--json', 'a-1']),
    );
  });
});

describe('the sandbox blocks, run as pasted', () => {
  let sandbox: ChildProcess;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    sandbox = spawn(process.execPath, [join(root, 'scripts/sandbox.ts')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    sandbox.stdout!.on('data', (d) => (stdout += d));
    await new Promise<void>((resolve, reject) => {
      sandbox.on('exit', (code) => reject(new Error(`sandbox exited ${code}:\n${stderr}`)));
      sandbox.stderr!.on('data', (d) => {
        stderr += d;
        if (/^ready$/m.test(stderr)) resolve();
      });
    });
    // The export lines, as the sandbox prints them for pasting: NAME='value'.
    for (const m of stdout.matchAll(/^export ([A-Z_]+)='((?:[^']|'\\'')*)'$/gm)) {
      env[m[1]!] = m[2]!.replace(/'\\''/g, "'");
    }
    expect(Object.keys(env)).toContain('TOKENRELAY_CLIENT_SECRET');
  }, 60_000);
  afterAll(() => {
    sandbox?.kill('SIGTERM');
  });

  const runnable = all.filter((b) => b.marker === 'sandbox');
  it.each(runnable.map((b) => [`${b.doc}:${b.line}`, b] as const))('%s', async (_, b) => {
    const home = mkdtempSync(join(tmpdir(), 'tokenrelay-doc-'));
    const run = await runShell(['/bin/bash', '-e', '-c'], b.code, {
      env: {
        ...env,
        PATH: `${cliOnPath()}:/usr/bin:/bin`,
        HOME: home,
        TOKENRELAY_CONFIG_DIR: join(home, 'config'),
        LANG: 'C.UTF-8',
      },
      cwd: home,
    });
    expect(run.code, `${b.doc}:${b.line}\n${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).not.toMatch(/^tokenrelay: /m); // no error on the way, even one that was survived
    assertNoLeaks({
      secrets: { clientSecret: env.TOKENRELAY_CLIENT_SECRET! },
      texts: { stdout: run.stdout, stderr: run.stderr },
      dirs: [home],
    });
  });
});
