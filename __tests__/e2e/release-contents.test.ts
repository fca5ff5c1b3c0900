/**
 * What a release ships, checked the way it is published: `npm publish --dry-run` (the tarball's
 * file list exactly, the manifest's bin, engines, license and publishConfig.provenance), and
 * the one version every channel reports — the one-file download's `--version`, the npm
 * package's, the Action bundle's User-Agent on the wire, the GitLab component's default.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { runActionMain } from '../../test-support/run-action.ts';
import { CLI, runCli } from '../../test-support/run-cli.ts';
import { useServers } from '../../test-support/servers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  files: string[];
  publishConfig: Record<string, unknown>;
  repository: { url: string };
};
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` };
const servers = useServers();

interface Published {
  name: string;
  version: string;
  filename: string;
  files: { path: string; mode: number }[];
}

describe('npm publish --dry-run', () => {
  const publish = () => {
    const out = execFileSync('npm', ['publish', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return (JSON.parse(out) as Record<string, Published>).tokenrelay!;
  };

  it('publishes exactly the CLI, its launchers, the licenses, README and package.json', () => {
    const published = publish();
    expect(published.name).toBe('tokenrelay');
    expect(published.version).toBe(manifest.version);
    expect(published.files.map((f) => f.path).sort()).toEqual([
      'LICENSE', // tokenrelay's own
      'README.md',
      'dist/cli/docker-credential-tokenrelay.mjs', // the registry clients' helper name (credHelpers)
      'dist/cli/launch.mjs',
      'dist/cli/licenses.txt', // the bundled libraries' licenses (ncc --license)
      'dist/cli/tokenrelay.mjs',
      'package.json',
    ]);
    const mode = (path: string) => published.files.find((f) => f.path === path)!.mode & 0o777;
    expect(mode('dist/cli/launch.mjs')).toBe(0o755);
    expect(mode('dist/cli/tokenrelay.mjs')).toBe(0o755);
    expect(mode('dist/cli/docker-credential-tokenrelay.mjs')).toBe(0o755);
  }, 120_000);

  it('the manifest: the bin, the Node it needs, MIT, provenance, the repository provenance names', () => {
    expect(manifest.bin).toEqual({
      tokenrelay: 'dist/cli/launch.mjs',
      'docker-credential-tokenrelay': 'dist/cli/docker-credential-tokenrelay.mjs',
    });
    for (const bin of Object.values(manifest.bin as Record<string, string>))
      expect(manifest.files).toContain(bin);
    expect(manifest.engines).toEqual({ node: '>=22' });
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    // npm refuses a provenance statement for a package whose repository is not the workflow's.
    expect(manifest.publishConfig).toEqual({ access: 'public', provenance: true });
    expect(manifest.repository.url).toBe('git+https://github.com/tokenrelay/tokenrelay.git');
  });
});

describe('one version everywhere', () => {
  const { version } = manifest;

  it('the one-file download says it with --version', async () => {
    const r = await runCli(['--version'], {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(version);
    expect(CLI).toMatch(/dist\/cli\/tokenrelay\.mjs$/);
    expect(readFileSync(join(root, 'dist/cli/SHA256SUMS'), 'utf8')).toMatch(
      /^[0-9a-f]{64} {2}tokenrelay\.mjs\n$/,
    );
  });

  it("the Action's bundle names it in every request's User-Agent", async () => {
    const { provider } = servers;
    provider.resetRecords();
    const secret = provider.clients.basic.clientSecret;
    const run = await runActionMain({
      inputs: {
        issuer: provider.issuer,
        'client-id': provider.clients.basic.clientId,
        'client-secret': secret,
      },
    });
    expect(run.code, run.stderr).toBe(0);
    const agents = new Set(provider.requests.map((r) => r.headers['user-agent']));
    expect([...agents]).toEqual([`tokenrelay/${version}`]);
    // ::add-mask:: lines name what the runner must hide; everything else must not.
    const stdout = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    assertNoLeaks({ secrets: { secret, token: run.outputs.token! }, texts: { stdout, stderr: run.stderr } });
  }, 60_000);

  it('the CLI names it on the wire too, and the GitLab component downloads that release by default', async () => {
    const { provider } = servers;
    provider.resetRecords();
    const r = await runCli(['exchange'], {
      env: {
        TOKENRELAY_ISSUER: provider.issuer,
        TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
        TOKENRELAY_CLIENT_SECRET: provider.clients.basic.clientSecret,
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(new Set(provider.requests.map((q) => q.headers['user-agent']))).toEqual(
      new Set([`tokenrelay/${version}`]),
    );
    for (const template of readdirSync(join(root, 'templates')))
      expect(readFileSync(join(root, 'templates', template), 'utf8'), template).toContain(
        `    version:\n      description: tokenrelay release to download (no \`v\`); pinned, never "latest".\n      default: ${version}\n`,
      );
  }, 60_000);
});
