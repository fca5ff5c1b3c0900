/**
 * The Action puts the CLI on PATH for later steps: the main bundle runs as the runner runs it,
 * then a later "step" — a fresh shell with the GITHUB_PATH directory first and the GITHUB_ENV
 * variables set, as the runner starts it — calls `tokenrelay`. /usr/bin/node on this machine is
 * Node 20, so the launcher must run the CLI on the runner's Node, not whatever `node` is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { laterStep, runActionMain, withoutMasks } from '../../test-support/run-action.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

describe('install-cli', () => {
  it('a later step calls `tokenrelay auth token` and `validate` with the settings the Action used', async () => {
    const { api } = servers;
    const main = await runActionMain({
      inputs: {
        token: TEST_API_KEYS.alicePat,
        'api-url': api.url,
        'env-name': 'TOKENRELAY_TOKEN',
        'export-settings': 'true',
      },
    });
    expect(main.code, main.stdout).toBe(0);
    const dir = join(main.dirs.temp, 'tokenrelay-cli');
    expect(main.paths).toEqual([dir]);
    expect(existsSync(join(dir, 'tokenrelay'))).toBe(true);
    expect(main.env.TOKENRELAY_API_URL).toBe(api.url);

    const token = await laterStep(main, 'tokenrelay auth token');
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toBe(TEST_API_KEYS.alicePat);
    const validate = await laterStep(main, 'tokenrelay validate');
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stderr).toContain('alice');
    const version = await laterStep(main, 'tokenrelay --version');
    expect(version.stdout.trim()).toBe(
      (
        JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
          version: string;
        }
      ).version,
    );
    assertNoLeaks({
      secrets: { pat: TEST_API_KEYS.alicePat },
      texts: { stderr: token.stderr + validate.stderr },
      dirs: [main.dirs.workspace],
    });
  });

  it('exports the settings of client credentials but never the secret', async () => {
    const { provider } = servers;
    const secret = provider.clients.basic.clientSecret;
    const main = await runActionMain({
      inputs: {
        issuer: provider.issuer,
        'client-id': provider.clients.basic.clientId,
        'client-secret': secret,
        scope: 'read',
        'export-settings': 'true',
        revoke: 'false',
      },
    });
    expect(main.code, main.stdout).toBe(0);
    expect(main.env).toMatchObject({
      TOKENRELAY_ISSUER: provider.issuer,
      TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
      TOKENRELAY_SCOPE: 'read',
    });
    expect(Object.keys(main.env)).not.toContain('TOKENRELAY_CLIENT_SECRET');
    // Without the secret the later step has nothing to mint with: exit 4, and it says so.
    const later = await laterStep(main, 'tokenrelay auth token');
    expect(later.code).toBe(4);
    assertNoLeaks({
      secrets: { secret },
      files: [main.files.env, main.files.output, main.files.path],
      texts: { log: withoutMasks(main.stdout), later: later.stdout + later.stderr },
    });
  });

  it('a second use in the same job, with the directory already on PATH, adds nothing', async () => {
    const inputs = { token: TEST_API_KEYS.alicePat, 'api-url': servers.api.url };
    const first = await runActionMain({ inputs });
    expect(first.paths).toHaveLength(1);
    const second = await runActionMain({
      inputs,
      job: first.dirs,
      env: { PATH: `${first.paths[0]}:${process.env.PATH}` },
    });
    expect(second.code, second.stdout).toBe(0);
    expect(second.paths).toEqual([]);
  });

  it('install-cli: false leaves PATH alone', async () => {
    const main = await runActionMain({
      inputs: { token: TEST_API_KEYS.alicePat, 'api-url': servers.api.url, 'install-cli': 'false' },
    });
    expect(main.code, main.stdout).toBe(0);
    expect(main.paths).toEqual([]);
    expect(existsSync(join(main.dirs.temp, 'tokenrelay-cli'))).toBe(false);
  });
});
