/**
 * The GitLab component's templates as the CI/CD catalog reads them (templates/<name>.yml, a
 * `spec:` header, `---`, the jobs) and as a release ships them: every input described, the
 * download pinned to this release's version, the install steps the same in every template
 * (what the e2e runs prove for one holds for all), and no secret taken as an input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A path on every OS (a URL's pathname is /C:/... on Windows, where CI runs the unit tests too).
const root = `${import.meta.dirname}/../../`;
const names = readdirSync(join(root, 'templates')).filter((f) => f.endsWith('.yml'));
const read = (name: string) => readFileSync(join(root, 'templates', name), 'utf8');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** Input name -> its lines, from the `spec: inputs:` header. */
function inputs(text: string): Map<string, string> {
  const header = text.slice(text.indexOf('\nspec:\n'), text.indexOf('\n---\n'));
  const found = new Map<string, string>();
  for (const [, name, body] of header.matchAll(/^ {4}([a-z0-9-]+):\n((?: {6}.*\n?)*)/gm))
    found.set(name!, body!);
  return found;
}

const installBlock = (text: string) =>
  text.slice(
    text.indexOf('    # The pinned one-file CLI'),
    text.indexOf('export PATH="$tokenrelay_dir:$PATH"'),
  );

describe('templates/', () => {
  it('holds the three jobs in the catalog layout', () => {
    expect(names.sort()).toEqual(['exchange.yml', 'federation.yml', 'validate.yml']);
    for (const name of names)
      expect(read(name), name).toMatch(
        /^spec:\n {2}inputs:\n[\s\S]*\n---\n"\$\[\[ inputs\.job-name \]\]":\n/m,
      );
  });

  it.each(names)('%s: every input has a description; the CLI version defaults to this release', (name) => {
    const spec = inputs(read(name));
    expect(spec.size).toBeGreaterThan(5);
    for (const [input, body] of spec) expect(body, input).toMatch(/^ {6}description: \S/m);
    expect(spec.get('version')).toContain(`default: ${version}\n`);
    for (const [, ref] of read(name).matchAll(/tokenrelay\/tokenrelay\/[a-z-]+@(\S+)/g))
      expect(ref).toBe(version);
    for (const input of ['image', 'version', 'download-url', 'cli-sha256', 'job-name', 'stage'])
      expect(spec.has(input), input).toBe(true);
  });

  it.each(names)('%s: inputs interpolated into the shell are held to a regex', (name) => {
    const text = read(name);
    const spec = inputs(text);
    const shell = text.slice(text.indexOf('  before_script:\n'), text.indexOf('\n  script:'));
    const inShell = [...shell.matchAll(/\$\[\[ inputs\.([a-z0-9-]+) \]\]/g)].map((m) => m[1]!);
    expect(inShell).toContain('version');
    for (const input of new Set(inShell)) {
      const body = spec.get(input) ?? '';
      expect(
        body.includes('regex:') || body.includes('type: boolean') || body.includes('options:'),
        input,
      ).toBe(true);
    }
  });

  it('the download-and-check steps are the same in every template', () => {
    const blocks = names.map((name) => installBlock(read(name)));
    expect(blocks[0]).toContain('sha256sum -c SHA256SUMS');
    for (const block of blocks) expect(block).toBe(blocks[0]);
  });

  it('no secret is an input (inputs are plain text in the pipeline configuration)', () => {
    for (const name of names)
      for (const input of inputs(read(name)).keys())
        expect(input, `${name}: ${input}`).not.toMatch(/secret|key$|^token$|password/);
  });

  it("the README's GitLab quick start includes a template that exists, with inputs it declares", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### GitLab CI\n'));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const [, name, ref] =
      /^ {2}- component: gitlab\.com\/tokenrelay\/tokenrelay\/([a-z-]+)@(\S+)$/m.exec(block) ?? [];
    expect(names).toContain(`${name}.yml`);
    expect(ref).toBe(version);
    const spec = inputs(read(`${name}.yml`));
    const given = [...block.matchAll(/^ {6}([a-z0-9-]+):/gm)].map((m) => m[1]!);
    for (const input of given) expect(spec.has(input), input).toBe(true);
    const required = [...spec].filter(([, body]) => !body.includes('default:')).map(([input]) => input);
    for (const input of required) expect(given, `required input ${input}`).toContain(input);
  });
});
