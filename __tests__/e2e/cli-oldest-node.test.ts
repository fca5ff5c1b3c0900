/**
 * The CLI bundle promises Node >= 22: the committed bundle, run by Node 22 (installed by
 * `npm test` into .tmp/), does the main jobs against the real provider.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { runCli } from '../../test-support/run-cli.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

function oldestNode(): string {
  const node = process.env.TOKENRELAY_TEST_OLDEST_NODE;
  if (!node) throw new Error('TOKENRELAY_TEST_OLDEST_NODE is not set: run the tests with `npm test`.');
  return node;
}

describe('the CLI bundle on the oldest supported Node', () => {
  it('is Node 22', () => {
    expect(execFileSync(oldestNode(), ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^v22\./);
  });

  it('exchanges client credentials and validates the token', async () => {
    const { provider, api } = servers;
    const secret = provider.clients.basic.clientSecret;
    const run = await runCli(['exchange', '--validate', '--api-url', api.url, '--export', 'json'], {
      node: oldestNode(),
      env: {
        TOKENRELAY_ISSUER: provider.issuer,
        TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
        TOKENRELAY_CLIENT_SECRET: secret,
      },
    });
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ method: 'client-credentials', identity: { login: 'cc-basic' } });
    assertNoLeaks({
      secrets: { secret, token: json.token },
      texts: { stderr: run.stderr },
      dirs: [run.home],
    });
  });

  it('validates a PAT and refuses a bad one with exit 4', async () => {
    const { api } = servers;
    const ok = await runCli(['validate', '--api-url', api.url], {
      node: oldestNode(),
      env: { TOKENRELAY_TOKEN: TEST_API_KEYS.alicePat },
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('alice');
    const bad = await runCli(['validate', '--api-url', api.url, '--token-stdin'], {
      node: oldestNode(),
      stdin: 'tr_pat_not_a_real_token_000000',
    });
    expect(bad.code).toBe(4);
  });
});
