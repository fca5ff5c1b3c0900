/**
 * `--grant jwt-bearer`: the CLI signs an RFC 7523 assertion with its private key and trades
 * it at the real provider, which checks it the way Google, Salesforce and DocuSign do
 * (test-support/provider-jwt-bearer.ts). Every run through the leak scanner.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { WITHHELD } from '../../src/core/secrets.ts';
import { cliScript, tempDir } from '../../test-support/cli-process.ts';
import { generateTestKeyPair } from '../../test-support/keys.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { SERVICE_ACCOUNT_CLIENT, SERVICE_ACCOUNT_EMAIL } from '../../test-support/provider.ts';
import { runActionMain, runActionPost } from '../../test-support/run-action.ts';
import { type CliRun, newHome, runCli } from '../../test-support/run-cli.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

/** Outside the run's home, which the leak scanner reads: the key file is where the key belongs. */
function keyFile(pem: string): string {
  const file = join(tempDir('key'), 'svc-key.pem');
  writeFileSync(file, pem, { mode: 0o600 });
  return file;
}

async function exchange(
  args: string[],
  pem = servers.provider.keys.client.rs256.privatePem,
): Promise<CliRun> {
  const home = newHome();
  return runCli(
    ['exchange', '--grant', 'jwt-bearer', '--private-key-file', keyFile(pem), '--export', 'json', ...args],
    {
      home,
      script: cliScript(),
      env: { TOKENRELAY_ISSUER: servers.provider.issuer, TOKENRELAY_CLIENT_ID: SERVICE_ACCOUNT_CLIENT },
    },
  );
}

function clean(run: CliRun, pem: string) {
  const last = servers.provider.assertionsSeen.at(-1);
  const secrets: Record<string, string> = { key: pem };
  if (last?.params.assertion) secrets.assertion = last.params.assertion;
  assertNoLeaks({ secrets, texts: { stderr: run.stderr }, dirs: [run.home] });
}

describe('--grant jwt-bearer with a locally signed assertion', () => {
  it('signs iss = sub = the client id, aud = the token endpoint, 5 minutes, a fresh jti, and gets a real token', async () => {
    servers.provider.resetRecords();
    const first = await exchange(['--scope', 'read']);
    expect(first.code, first.stderr).toBe(0);
    const second = await exchange(['--scope', 'read']);
    expect(second.code, second.stderr).toBe(0);

    const [a, b] = servers.provider.assertionsSeen;
    expect(a?.refused).toBeUndefined();
    expect(a?.params).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_id: 'svc-jwt',
    });
    expect(a?.claims).toMatchObject({
      iss: SERVICE_ACCOUNT_CLIENT,
      sub: SERVICE_ACCOUNT_CLIENT,
      aud: servers.provider.tokenEndpoint,
      scope: 'read',
    });
    expect(a!.claims!.exp! - a!.claims!.iat!).toBe(300);
    expect(Math.abs(a!.claims!.iat! - Date.now() / 1000)).toBeLessThan(30);
    expect(a?.header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(b?.claims?.jti).not.toBe(a?.claims?.jti);

    const out = JSON.parse(first.stdout);
    expect(out.method).toBe('client-credentials');
    expect(decodeJwt(out.token)).toMatchObject({
      aud: servers.provider.resources.api,
      scope: 'read',
      assertion_iss: SERVICE_ACCOUNT_CLIENT,
      assertion_sub: SERVICE_ACCOUNT_CLIENT,
    });
    clean(first, servers.provider.keys.client.rs256.privatePem);
  });

  it('--assertion-issuer and --assertion-subject: a service account by email acting for a user (ES256 key)', async () => {
    const pem = servers.provider.keys.client.es256.privatePem;
    const run = await exchange(
      ['--assertion-issuer', SERVICE_ACCOUNT_EMAIL, '--assertion-subject', 'alice'],
      pem,
    );
    expect(run.code, run.stderr).toBe(0);
    const seen = servers.provider.assertionsSeen.at(-1)!;
    expect(seen.claims).toMatchObject({ iss: SERVICE_ACCOUNT_EMAIL, sub: 'alice' });
    expect(decodeProtectedHeader(seen.params.assertion!).alg).toBe('ES256');
    expect(decodeJwt(JSON.parse(run.stdout).token)).toMatchObject({ assertion_sub: 'alice' });
    clean(run, pem);
  });

  it('--assertion-audience: the issuer is accepted in place of the token endpoint; a foreign audience is exit 4', async () => {
    const accepted = await exchange(['--assertion-audience', servers.provider.issuer]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(servers.provider.assertionsSeen.at(-1)?.claims?.aud).toBe(servers.provider.issuer);
    const refused = await exchange(['--assertion-audience', 'https://login.salesforce.com']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('(invalid_grant)');
    expect(refused.stderr).toContain('claim aud is invalid');
    expect(refused.stdout).toBe('');
  });

  it('a key the server does not know: invalid_grant is exit 4, with the server reason and nothing printed', async () => {
    const stranger = await generateTestKeyPair('RS256', 'stranger');
    const run = await exchange([], stranger.privatePem);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('invalid_grant');
    expect(run.stderr).toMatch(/signature verification failed|no registered key matches/);
    expect(run.stdout).toBe('');
    clean(run, stranger.privatePem);
  });

  it('without a private key: exit 2 before anything is sent, saying how to give one', async () => {
    servers.provider.resetRecords();
    const run = await runCli(['exchange', '--grant', 'jwt-bearer'], {
      script: cliScript(),
      env: {
        TOKENRELAY_ISSUER: servers.provider.issuer,
        TOKENRELAY_CLIENT_ID: SERVICE_ACCOUNT_CLIENT,
        TOKENRELAY_CLIENT_SECRET: 'not-a-key',
      },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('grant jwt-bearer signs its assertion with a private key');
    expect(run.stderr).toContain('TOKENRELAY_PRIVATE_KEY');
    expect(servers.provider.tokenRequests()).toHaveLength(0);
  });

  it('a private key value that is a word of the message: withheld, never starred into a hint (issue 19 item 7)', async () => {
    servers.provider.resetRecords();
    const env = { TOKENRELAY_ISSUER: servers.provider.issuer, TOKENRELAY_CLIENT_ID: SERVICE_ACCOUNT_CLIENT };
    const run = (key: string) =>
      runCli(['exchange', '--grant', 'jwt-bearer'], {
        script: cliScript(),
        env: { ...env, TOKENRELAY_PRIVATE_KEY: key },
      });
    // Old: 'TOKENRELAY_PRIVATE_KEY is not a *** key.'
    const word = await run('private');
    expect(word.code).toBe(2);
    expect(word.stderr).toBe(`tokenrelay: ${WITHHELD}\n`);
    // Too short to be a secret, so never scrubbed: the message keeps its words.
    const short = await run('key');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('TOKENRELAY_PRIVATE_KEY is not a private key.');
    expect(short.stderr).not.toContain('***');
    expect(servers.provider.tokenRequests()).toHaveLength(0);
    assertNoLeaks({ secrets: { key: 'private' }, texts: { stdout: word.stdout, stderr: word.stderr } });
  });

  it('an unknown grant is exit 2 naming the choices', async () => {
    const run = await runCli(['exchange', '--grant', 'saml2-bearer'], {
      script: cliScript(),
      env: { TOKENRELAY_ISSUER: servers.provider.issuer },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown --grant 'saml2-bearer'");
    expect(run.stderr).toContain('client-credentials, jwt-bearer');
  });

  it('the Action: grant jwt-bearer with the private-key input; the post step revokes with the same client', async () => {
    const pem = servers.provider.keys.client.rs256.privatePem;
    const inputs = {
      issuer: servers.provider.issuer,
      'client-id': SERVICE_ACCOUNT_CLIENT,
      'private-key': pem,
      grant: 'jwt-bearer',
      resource: servers.provider.resources.opaque,
      scope: 'read',
    };
    const main = await runActionMain({ inputs });
    expect(main.code, main.stdout).toBe(0);
    const token = main.outputs.token!;
    expect(main.outputs.source).toBe('client-credentials');
    expect(main.masks).toContain(token);
    expect(servers.provider.assertionsSeen.at(-1)?.claims).toMatchObject({ iss: SERVICE_ACCOUNT_CLIENT });
    const post = await runActionPost(main, { inputs });
    expect(post.code, post.stdout).toBe(0);
    expect(servers.provider.revoked).toContain(token);
    const log = (text: string) =>
      text
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
    for (const run of [main, post]) {
      assertNoLeaks({
        secrets: { key: pem, token, assertion: servers.provider.assertionsSeen.at(-1)!.params.assertion! },
        texts: { log: log(run.stdout), stderr: run.stderr, summary: run.summary },
        dirs: [run.dirs.workspace, run.dirs.home],
      });
    }
  });
});
