/**
 * How a user who never saw the repository gets the CLI: the npm tarball installed into an
 * empty prefix (offline, from what `npm pack` makes), and the one-file download checked
 * against SHA256SUMS with docs/install.md's own lines, served from a loopback HTTP server.
 * Every doc and example pins the same release: npm as tokenrelay@<version>, the Action as
 * tokenrelay/tokenrelay@v<version> (or a full commit SHA).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { runShell } from '../../test-support/run-shell.ts';
import { useServers } from '../../test-support/servers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const servers = useServers();
const nodeDir = dirname(process.execPath);
const tmp = (p: string) => mkdtempSync(join(tmpdir(), `tokenrelay-${p}-`));

describe('the npm package', () => {
  let tarball = '';
  beforeAll(() => {
    const dest = tmp('pack');
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${nodeDir}:${process.env.PATH}` },
    });
    const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    tarball = join(dest, packed!.filename);
    expect(packed!.files.map((f) => f.path).sort()).toEqual([
      'LICENSE',
      'README.md',
      'dist/cli/docker-credential-tokenrelay.mjs', // the registries' helper name: `credential docker`
      'dist/cli/launch.mjs', // the installed command: compile cache on, then tokenrelay.mjs
      'dist/cli/licenses.txt',
      'dist/cli/tokenrelay.mjs',
      'package.json',
    ]);
  }, 120_000);

  it('installs offline into an empty prefix and runs as `tokenrelay`', async () => {
    const prefix = tmp('prefix');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], {
      cwd: prefix,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${nodeDir}:${process.env.PATH}` },
    });
    const home = tmp('home');
    const env = { PATH: `${prefix}/node_modules/.bin:${nodeDir}:/usr/bin:/bin`, HOME: home, LANG: 'C.UTF-8' };
    const version = await runShell(['/bin/sh', '-c'], 'tokenrelay --version', { env, cwd: home });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);

    const { provider } = servers;
    const secret = provider.clients.basic.clientSecret;
    const run = await runShell(['/bin/sh', '-c'], 'tokenrelay exchange --export json', {
      env: {
        ...env,
        TOKENRELAY_ISSUER: provider.issuer,
        TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
        TOKENRELAY_CLIENT_SECRET: secret,
      },
      cwd: home,
    });
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { token: string; method: string };
    expect(json.method).toBe('client-credentials');
    assertNoLeaks({ secrets: { secret, token: json.token }, texts: { stderr: run.stderr }, dirs: [home] });

    // Registry clients find `docker-credential-tokenrelay` beside `tokenrelay` on PATH.
    const helper = await runShell(
      ['/bin/sh', '-c'],
      'echo registry.example.com | docker-credential-tokenrelay get',
      {
        env: {
          ...env,
          TOKENRELAY_ISSUER: provider.issuer,
          TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
          TOKENRELAY_CLIENT_SECRET: secret,
          TOKENRELAY_CACHE_DIR: 'off',
        },
        cwd: home,
      },
    );
    expect(helper.code, helper.stderr).toBe(0);
    const answer = JSON.parse(helper.stdout) as { ServerURL: string; Username: string; Secret: string };
    expect(answer).toMatchObject({ ServerURL: 'registry.example.com', Username: 'oauth2' });
    expect(answer.Secret.length).toBeGreaterThan(20);
    assertNoLeaks({
      secrets: { secret, token: answer.Secret },
      texts: { stderr: helper.stderr },
      dirs: [home],
    });
  }, 120_000);
});

/** docs/install.md's one-file install lines, with GitHub's release URL pointed at `base`. */
function readmeDownload(base: string): string {
  const doc = readFileSync(join(root, 'docs/install.md'), 'utf8');
  // The block is marked as run by this file (the doc-test, docs.test.ts, holds the marker to it).
  const block = [...doc.matchAll(/```sh test=e2e\/install\.test\.ts\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .find((b) => b.includes('sha256sum -c SHA256SUMS'));
  if (!block) throw new Error('docs/install.md has no one-file install block');
  expect(block).toContain(`version=${pkg.version}`);
  return block.replaceAll('https://github.com/tokenrelay/tokenrelay', base);
}

describe('the one-file download', () => {
  let server: Server;
  let base = '';
  let tamper = false;
  beforeAll(async () => {
    const files: Record<string, string> = {
      'tokenrelay.mjs': join(root, 'dist/cli/tokenrelay.mjs'),
      SHA256SUMS: join(root, 'dist/cli/SHA256SUMS'),
    };
    server = createServer((req, res) => {
      const m = /^\/releases\/download\/v([^/]+)\/([^/]+)$/.exec(req.url ?? '');
      const file = m && m[1] === pkg.version ? files[m[2]!] : undefined;
      if (!file) return void res.writeHead(404).end();
      let body = readFileSync(file);
      if (tamper && m![2] === 'tokenrelay.mjs') body = Buffer.concat([body, Buffer.from('\n// changed\n')]);
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const install = (home: string) =>
    runShell(['/bin/bash', '-ec'], readmeDownload(base), {
      env: { PATH: `${nodeDir}:/usr/bin:/bin`, HOME: home, LANG: 'C.UTF-8' },
      cwd: home,
    });

  it('verifies a good file and runs it', async () => {
    tamper = false;
    const home = tmp('dl');
    const r = await install(home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('tokenrelay.mjs: OK');
    expect(r.stdout.trim().split('\n').at(-1)).toBe(pkg.version);
  });

  it('refuses a tampered file before it runs', async () => {
    tamper = true;
    const home = tmp('dl-bad');
    const r = await install(home);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/tokenrelay\.mjs: FAILED/);
    expect(r.stdout).not.toContain(pkg.version);
    const file = join(home, '.local/share/tokenrelay', pkg.version, 'tokenrelay.mjs');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o111).toBe(0); // never made executable
  });
});

/** Every Markdown page and example a user reads. */
function userDocs(): string[] {
  const md = (dir: string) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.md'))
      .map((f) => (dir === '.' ? f : `${dir}/${f}`));
  const examples = readdirSync(join(root, 'examples')).map((f) => `examples/${f}`);
  return [...md('.'), ...md('docs'), ...examples];
}

describe('the docs install only pinned versions', () => {
  it('README, docs and examples name tokenrelay on npm only as tokenrelay@<this version>', () => {
    const docs = userDocs();
    expect(docs).toEqual(expect.arrayContaining(['README.md', 'docs/install.md', 'examples/cron.sh']));
    for (const doc of docs) {
      const text = readFileSync(join(root, doc), 'utf8');
      for (const m of text.matchAll(
        /\b(?:npx(?: --yes)?|npm (?:i|install)(?: -g| --global| --no-audit| --no-fund)*) (tokenrelay[^\s`]*)/g,
      )) {
        expect(m[1], `${doc}: ${m[0]}`).toBe(`tokenrelay@${pkg.version}`);
      }
    }
  });

  it('and the Action only as tokenrelay/tokenrelay@v<this version> or a full commit SHA', () => {
    let uses = 0;
    for (const doc of userDocs()) {
      const text = readFileSync(join(root, doc), 'utf8');
      // `tokenrelay@v0` alone is no `uses:` syntax; a floating major tag is not a pin.
      expect(text, doc).not.toMatch(/(?<![\w/])tokenrelay@v\d/);
      for (const m of text.matchAll(/uses: tokenrelay\/tokenrelay@([^\s`]+)/g)) {
        uses++;
        const ref = m[1]!;
        if (!/^[0-9a-f]{40}$/.test(ref)) expect(ref, `${doc}: ${m[0]}`).toBe(`v${pkg.version}`);
      }
    }
    expect(uses).toBeGreaterThan(5);
  });
});
