/**
 * The committed CLI bundle against Django OAuth Toolkit 1.7 (Debian's package, stock DOT
 * settings with OIDC enabled): a server nobody here wrote, configured the way its own docs
 * say (issue 10, item 9). Its token endpoint ends in "/", its discovery sits behind an
 * APPEND_SLASH redirect, its metadata names no revocation endpoint. Every run is leak-scanned.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DjangoClient, useDjango } from '../../test-support/django-server.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { type CliRun, runCli } from '../../test-support/run-cli.ts';

const dot = useDjango({ oidc: true });
/** Stock DOT: OIDC off, so there is no metadata at all. */
const stock = useDjango();
/** DEBUG on, as on a developer's machine: APPEND_SLASH turns a POST without the slash into a 500. */
const debugging = useDjango({ debug: true });

const secretOf = (client: DjangoClient) => ({ TOKENRELAY_CLIENT_SECRET: client.clientSecret });

function exchange(client: DjangoClient, args: string[], env: Record<string, string> = {}) {
  return runCli(['exchange', '--client-id', client.clientId, ...args], {
    env: { ...secretOf(client), TOKENRELAY_RETRIES: '0', ...env },
  });
}

function assertClean(run: CliRun, client: DjangoClient) {
  assertNoLeaks({
    secrets: { secret: client.clientSecret },
    texts: { stdout: run.stdout, stderr: run.stderr },
    dirs: [run.home],
  });
}

describe('client credentials at the token endpoint exactly as DOT spells it', () => {
  it('client_secret_basic at /o/token/ (the trailing slash kept), scope read', async () => {
    const client = dot.clients.basic;
    const run = await exchange(client, ['--token-endpoint', dot.tokenEndpoint, '--scope', 'read', '-v']);
    expect(run.code, run.stderr).toBe(0);
    const token = run.stdout.trim();
    // DOT's tokens are 30 characters: only the length is shown, in one pair of parentheses.
    expect(run.stderr).toContain(`Got a Bearer token (${token.length} characters) from client credentials`);
    expect(await dot.introspect(token)).toMatchObject({
      active: true,
      scope: 'read',
      client_id: client.clientId,
    });
    assertClean(run, client);
  });

  it('client_secret_post, two scopes', async () => {
    const client = dot.clients.post;
    const run = await exchange(client, [
      '--token-endpoint',
      dot.tokenEndpoint,
      '--client-auth',
      'client_secret_post',
      '--scope',
      'read write',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const seen = await dot.introspect(run.stdout.trim());
    expect(seen.active).toBe(true);
    expect(seen.scope?.split(' ').sort()).toEqual(['read', 'write']);
    assertClean(run, client);
  });

  it('without the slash DOT redirects; the refusal says to add it (exit 3)', async () => {
    const client = dot.clients.basic;
    const run = await exchange(client, ['--token-endpoint', dot.tokenEndpoint.replace(/\/$/, '')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/does not follow redirects with credentials/);
    expect(run.stderr).toMatch(/configure the URL with the slash/);
    assertClean(run, client);
  });
});

describe('a 500 on every attempt reads as the deterministic error it is', () => {
  it("DOT with DEBUG: the token endpoint without its slash (exit 5, Django's own words shown)", async () => {
    const client = debugging.clients.basic;
    const url = debugging.tokenEndpoint.replace(/\/$/, '');
    const run = await exchange(client, ['--token-endpoint', url], { TOKENRELAY_RETRIES: '3' });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(`The token endpoint (${url}) answered HTTP 500 on all 4 attempts.`);
    expect(run.stderr).toMatch(
      /It said: RuntimeError at \/o\/token You called this URL via POST, but the URL doesn't end in a slash/,
    );
    expect(run.stderr).toContain('a trailing slash matters to some servers');
    assertClean(run, client);
  });
});

describe('refusals', () => {
  it('a wrong secret is invalid_client (exit 4), naming --client-id', async () => {
    const client = { ...dot.clients.basic, clientSecret: 'not-the-secret-of-this-client' };
    const run = await exchange(client, ['--token-endpoint', dot.tokenEndpoint]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/rejected the client credentials \(invalid_client\)\. Check --client-id and/);
    assertClean(run, client);
  });

  it('an unknown scope is invalid_scope (exit 4), naming --scope', async () => {
    const client = dot.clients.basic;
    const run = await exchange(client, ['--token-endpoint', dot.tokenEndpoint, '--scope', 'admin']);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('rejected the requested scope "admin" (invalid_scope)');
    expect(run.stderr).toContain('(--scope)');
    assertClean(run, client);
  });
});

describe('discovery at the /o issuer', () => {
  for (const issuer of ['/o', '/o/']) {
    it(`--issuer …${issuer}: follows DOT's redirect to …/openid-configuration/ and mints`, async () => {
      const client = dot.clients.basic;
      const run = await exchange(client, ['--issuer', `${dot.url}${issuer}`, '--scope', 'read']);
      expect(run.code, run.stderr).toBe(0);
      expect((await dot.introspect(run.stdout.trim())).active).toBe(true);
      assertClean(run, client);
    });
  }

  it('an issuer with nothing behind it lists what was tried (exit 3)', async () => {
    const client = dot.clients.basic;
    const run = await exchange(client, ['--issuer', `${dot.url}/auth`]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `No discovery document for the issuer ${dot.url}/auth. Tried ${dot.url}/auth/.well-known/openid-configuration (HTTP 404); ` +
        `${dot.url}/.well-known/oauth-authorization-server/auth (HTTP 404); ` +
        `${dot.url}/auth/.well-known/oauth-authorization-server (HTTP 404`,
    );
    expect(run.stderr).toContain('Check --issuer, or set --token-endpoint');
    assertClean(run, client);
  });
});

describe('stock DOT (OIDC off)', () => {
  it('the token endpoint works as is', async () => {
    const client = stock.clients.basic;
    const run = await exchange(client, ['--token-endpoint', stock.tokenEndpoint]);
    expect(run.code, run.stderr).toBe(0);
    expect(await stock.introspect(run.stdout.trim())).toMatchObject({ active: true, scope: 'read' });
    assertClean(run, client);
  });

  it('--issuer finds no metadata: exit 3, all three places listed, with what to set instead', async () => {
    const client = stock.clients.basic;
    const run = await exchange(client, ['--issuer', stock.issuer]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `Tried ${stock.url}/o/.well-known/openid-configuration (HTTP 404 at ${stock.url}/o/.well-known/openid-configuration/); ` +
        `${stock.url}/.well-known/oauth-authorization-server/o (HTTP 404); ` +
        `${stock.url}/o/.well-known/oauth-authorization-server (HTTP 404`,
    );
    expect(run.stderr).toContain(
      'or set --token-endpoint / TOKENRELAY_TOKEN_ENDPOINT / token_endpoint to skip discovery',
    );
    assertClean(run, client);
  });
});

describe('validate against the protected profile view', () => {
  const validateArgs = ['--api-url', '', '--profile-path', '/api/profile/'];
  const args = () => ['--token-endpoint', dot.tokenEndpoint, ...validateArgs.map((a) => a || dot.url)];

  it('a minted token is validated and scoped to its tenant', async () => {
    const client = dot.clients.basic;
    const run = await exchange(client, [...args(), '--validate', '--tenant', 'acme', '-v']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`for ${client.clientId}`);
    assertClean(run, client);
  });

  it('a tenant the token cannot use fails (exit 4) and the token is revoked at --revocation-endpoint', async () => {
    const client = dot.clients.basic;
    const before = await dot.liveTokens(client.clientId);
    const run = await exchange(client, [
      ...args(),
      '--validate',
      '--tenant',
      'globex',
      '--revocation-endpoint',
      dot.revocationEndpoint,
    ]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('tenant globex is not among the tenants this token can use: acme.');
    // The failure and what to do on the first line; what became of the token on the next.
    expect(run.stderr).toMatch(
      /^tokenrelay: tenant globex is not among[^\n]*Set --tenant to one of them[^\n]*\ntokenrelay: The token minted for this run was revoked\.\n$/,
    );
    expect(await dot.liveTokens(client.clientId)).toEqual(before);
    assertClean(run, client);
  });

  it('with no revocation endpoint known, the failure says the token stays valid and what to set', async () => {
    const client = dot.clients.basic;
    const run = await exchange(client, [...args(), '--validate', '--tenant', 'globex']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /The token minted for this run was not revoked: No revocation endpoint is known/,
    );
    expect(run.stderr).toMatch(/stays valid until \d{4}-\d\d-\d\dT/);
    expect(run.stderr).toContain(
      'Set --revocation-endpoint / TOKENRELAY_REVOCATION_ENDPOINT / revocation_endpoint',
    );
    assertClean(run, client);
  });

  it('an export that fails after minting revokes the token (TOKENRELAY_REVOCATION_ENDPOINT)', async () => {
    const client = dot.clients.post;
    const before = await dot.liveTokens(client.clientId);
    // A path under a regular file: no directory can be made there, so writing the report fails.
    const blocker = join(mkdtempSync(join(tmpdir(), 'tokenrelay-dot-export-')), 'a-file');
    writeFileSync(blocker, '');
    const run = await exchange(
      client,
      ['--export', `gitlab-dotenv=${join(blocker, 'token.env')}`],
      // The server named in one layer: both its endpoints (a flag's endpoint would set the variable's aside).
      {
        TOKENRELAY_TOKEN_ENDPOINT: dot.tokenEndpoint,
        TOKENRELAY_REVOCATION_ENDPOINT: dot.revocationEndpoint,
      },
    );
    expect(run.code, run.stderr).toBe(6);
    expect(run.stderr).toContain('The token minted for this run was revoked.');
    expect(await dot.liveTokens(client.clientId)).toEqual(before);
    assertClean(run, client);
  });
});
