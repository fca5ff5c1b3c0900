/**
 * The README's provider recipes, setting for setting: the CLI against the suite's provider
 * dressed as Entra ID, Auth0, Okta and Keycloak (test-support/provider-recipes.ts), each
 * front demanding what that vendor demands. Every run through the leak scanner.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CiIssuer, GITHUB_SUB, startCiIssuer } from '../../test-support/ci-issuer.ts';
import { cliScript, startCli, tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import {
  API_RESOURCE,
  FEDERATED_CLIENT,
  startProvider,
  type TestProvider,
} from '../../test-support/provider.ts';
import { type ProviderFront, startProviderFront } from '../../test-support/provider-front.ts';
import {
  AUTH0_ORGANIZATIONS,
  auth0Recipe,
  ENTRA_APP_ID_URI,
  ENTRA_FEDERATION_AUDIENCE,
  ENTRA_ROLES,
  ENTRA_TENANT,
  entraRecipe,
  gitlabRecipe,
  KEYCLOAK_REALM,
  keycloakRecipe,
  oktaRecipe,
} from '../../test-support/provider-recipes.ts';
import { runActionMain, runActionPost } from '../../test-support/run-action.ts';
import { type CliRun, runCli } from '../../test-support/run-cli.ts';
import { deviceLogin } from '../../test-support/session-login.ts';

let ci: CiIssuer;
let provider: TestProvider;
const fronts: Record<'entra' | 'auth0' | 'okta' | 'keycloak' | 'gitlab', ProviderFront> = {} as never;

beforeAll(async () => {
  ci = await startCiIssuer();
  provider = await startProvider({
    federation: { ciIssuer: ci, audience: ENTRA_FEDERATION_AUDIENCE, trustedSubject: GITHUB_SUB },
    appRoles: { 'cc-basic': ENTRA_ROLES, [FEDERATED_CLIENT]: ENTRA_ROLES },
  });
  fronts.entra = await startProviderFront(provider, entraRecipe());
  fronts.auth0 = await startProviderFront(provider, auth0Recipe());
  fronts.okta = await startProviderFront(provider, oktaRecipe());
  fronts.keycloak = await startProviderFront(provider, keycloakRecipe());
  fronts.gitlab = await startProviderFront(provider, gitlabRecipe());
});
afterAll(async () => {
  for (const front of Object.values(fronts)) await front?.close();
  await provider?.close();
  await ci?.close();
});

const basic = () => ({
  TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: provider.clients.basic.clientSecret,
});

function exchange(env: Record<string, string>, args: string[] = []): Promise<CliRun> {
  return runCli(['exchange', '--export', 'json', '--retries', '0', ...args], { script: cliScript(), env });
}

function clean(run: CliRun, secrets: Record<string, string>) {
  const out = run.code === 0 ? JSON.parse(run.stdout) : undefined;
  const all = out?.token ? { ...secrets, token: out.token as string } : secrets;
  // Inside GitHub Actions the CLI registers each secret with the runner first: those lines are the masks.
  const log = run.stderr
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  assertNoLeaks({ secrets: all, texts: { stderr: log }, dirs: [run.home] });
}

const tokenRequests = (front: ProviderFront, path: string) =>
  front.requests.filter((r) => r.method === 'POST' && r.path === path);

describe('Microsoft Entra ID', () => {
  const issuer = () => `${fronts.entra.origin}/${ENTRA_TENANT}/v2.0`;

  it('client secret: the tenant issuer, scope api://<app>/.default; a token with roles and no scope', async () => {
    const run = await exchange({
      TOKENRELAY_ISSUER: issuer(),
      TOKENRELAY_SCOPE: `${ENTRA_APP_ID_URI}/.default`,
      ...basic(),
    });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.scope).toBeNull();
    expect(out.expires_in).toBeGreaterThan(500);
    const claims = decodeJwt(out.token);
    expect(claims.roles).toEqual(ENTRA_ROLES);
    expect(claims.scope).toBeUndefined();
    const [sent] = tokenRequests(fronts.entra, `/${ENTRA_TENANT}/oauth2/v2.0/token`);
    expect(sent?.form?.scope).toBe(`${ENTRA_APP_ID_URI}/.default`);
    clean(run, { secret: provider.clients.basic.clientSecret });
  });

  it('keyless from GitHub Actions: client-assertion federation with aud api://AzureADTokenExchange', async () => {
    const run = await exchange({
      ...ci.githubEnv(),
      GITHUB_ACTIONS: 'true',
      TOKENRELAY_ISSUER: issuer(),
      TOKENRELAY_CLIENT_ID: FEDERATED_CLIENT,
      TOKENRELAY_SCOPE: `${ENTRA_APP_ID_URI}/.default`,
      TOKENRELAY_FEDERATION: 'client-assertion',
      TOKENRELAY_OIDC_AUDIENCE: ENTRA_FEDERATION_AUDIENCE,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(ci.requests.filter((r) => r.audience).map((r) => r.audience)).toEqual([ENTRA_FEDERATION_AUDIENCE]);
    const out = JSON.parse(run.stdout);
    expect(run.stderr).toContain(`::add-mask::${out.token}`);
    expect(decodeJwt(out.token).roles).toEqual(ENTRA_ROLES);
    expect(provider.federationSeen.at(-1)).toMatchObject({ kind: 'client-assertion' });
    expect(provider.federationSeen.at(-1)?.refused).toBeUndefined();
    const ciTokens = Object.fromEntries(ci.issued.map((t, i) => [`ci${i}`, t]));
    clean(run, { ...ciTokens, requestToken: ci.requestToken });
  });

  it('the Action with the README inputs: method oidc, client-assertion; nothing to revoke at Entra', async () => {
    const inputs = {
      issuer: issuer(),
      'client-id': FEDERATED_CLIENT,
      scope: `${ENTRA_APP_ID_URI}/.default`,
      method: 'oidc',
      federation: 'client-assertion',
      'oidc-audience': ENTRA_FEDERATION_AUDIENCE,
    };
    const main = await runActionMain({ inputs, env: ci.githubEnv() });
    expect(main.code, main.stdout).toBe(0);
    const token = main.outputs.token!;
    expect(main.masks).toContain(token);
    expect(decodeJwt(token).roles).toEqual(ENTRA_ROLES);
    expect(main.outputs.scope ?? '').toBe('');
    provider.resetRecords();
    const post = await runActionPost(main, { inputs, env: ci.githubEnv() });
    expect(post.code, post.stdout).toBe(0);
    expect(provider.revoked).toEqual([]);
    const log = (text: string) =>
      text
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
    const ciTokens = Object.fromEntries(ci.issued.map((t, i) => [`ci${i}`, t]));
    for (const run of [main, post]) {
      assertNoLeaks({
        secrets: { ...ciTokens, requestToken: ci.requestToken },
        texts: { log: log(run.stdout), stderr: run.stderr, summary: run.summary },
        dirs: [run.dirs.workspace, run.dirs.home],
      });
    }
  });

  it('a scope without /.default is exit 4 with Entra’s own words', async () => {
    const run = await exchange({ TOKENRELAY_ISSUER: issuer(), TOKENRELAY_SCOPE: 'read', ...basic() });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('rejected the requested scope "read" (invalid_scope)');
    expect(run.stderr).toContain('/.default suffixed to the resource identifier');
    expect(run.stdout).toBe('');
  });
});

describe('Auth0', () => {
  const issuer = () => `${fronts.auth0.origin}/`;

  it('the issuer with its trailing slash, audience, and an organization as the tenant', async () => {
    const org = AUTH0_ORGANIZATIONS[0]!;
    const run = await exchange({
      TOKENRELAY_ISSUER: issuer(),
      TOKENRELAY_AUDIENCE: API_RESOURCE,
      TOKENRELAY_TENANT: org,
      TOKENRELAY_TENANT_PARAM: 'organization',
      ...basic(),
    });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.tenant).toBe(org);
    expect(decodeJwt(out.token).aud).toBe(API_RESOURCE);
    const [sent] = tokenRequests(fronts.auth0, '/oauth/token');
    expect(sent?.form).toMatchObject({ audience: API_RESOURCE, organization: org });
    clean(run, { secret: provider.clients.basic.clientSecret });
  });

  it('no audience: exit 4, saying to set --audience', async () => {
    const run = await exchange({ TOKENRELAY_ISSUER: issuer(), ...basic() });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('(access_denied)');
    expect(run.stderr).toContain('No audience parameter was provided');
    expect(run.stderr).toContain('set --audience / TOKENRELAY_AUDIENCE / audience');
  });
});

describe('Okta (custom authorization server)', () => {
  const issuer = () => `${fronts.okta.origin}/oauth2/default`;

  it('issuer /oauth2/default, endpoints under /v1/, an explicit scope', async () => {
    const run = await exchange({ TOKENRELAY_ISSUER: issuer(), TOKENRELAY_SCOPE: 'read', ...basic() });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).scope).toBe('read');
    expect(tokenRequests(fronts.okta, '/oauth2/default/v1/token')).toHaveLength(1);
    clean(run, { secret: provider.clients.basic.clientSecret });
  });

  it('no scope: exit 4, saying this server has no default scope', async () => {
    const run = await exchange({ TOKENRELAY_ISSUER: issuer(), ...basic() });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("'scope' must be provided");
    expect(run.stderr).toContain('set --scope / TOKENRELAY_SCOPE / scope');
  });
});

describe('Keycloak', () => {
  it('the realm as issuer, endpoints under /protocol/openid-connect/, client_secret_post', async () => {
    const run = await exchange({
      TOKENRELAY_ISSUER: `${fronts.keycloak.origin}/realms/${KEYCLOAK_REALM}`,
      TOKENRELAY_CLIENT_ID: provider.clients.post.clientId,
      TOKENRELAY_CLIENT_SECRET: provider.clients.post.clientSecret,
      TOKENRELAY_CLIENT_AUTH: 'client_secret_post',
      TOKENRELAY_SCOPE: 'read',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).scope).toBe('read profile email');
    const [sent] = tokenRequests(fronts.keycloak, `/realms/${KEYCLOAK_REALM}/protocol/openid-connect/token`);
    expect(sent?.form?.client_id).toBe(provider.clients.post.clientId);
    clean(run, { secret: provider.clients.post.clientSecret });
  });
});

describe('GitLab as OAuth server', () => {
  it('device login with scope api: a refresh token without offline_access, refreshed after expiry', async () => {
    const home = tempDir('home');
    const cwd = tempDir('workspace');
    const configDir = join(home, 'config');
    const env = { TOKENRELAY_CONFIG_DIR: configDir, TOKENRELAY_ISSUER: fronts.gitlab.issuer };
    const login = await deviceLogin({
      issuer: fronts.gitlab.issuer,
      clientId: provider.clients.native.clientId,
      env,
      home,
      cwd,
      args: ['--scope', 'api', '--insecure-storage'],
    });
    const file = join(configDir, 'credentials.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const [environment] = Object.keys(doc.credentials);
    const session = doc.credentials[environment!].oauth;
    expect(session.scope).toBe('api');
    expect(typeof session.refreshToken).toBe('string');
    expect(tokenRequests(fronts.gitlab, '/oauth/authorize_device')[0]?.form?.scope).toBe('api');

    session.expiresAt = new Date(Date.now() - 1000).toISOString();
    writeFileSync(file, JSON.stringify(doc), { mode: 0o600 });
    const token = await startCli(['auth', 'token'], { env, home, cwd }).exited;
    expect(token.code, token.stderr).toBe(0);
    const refreshed = JSON.parse(readFileSync(file, 'utf8')).credentials[environment!].oauth;
    expect(token.stdout).toBe(`${refreshed.accessToken}\n`);
    expect(refreshed.refreshToken).not.toBe(session.refreshToken);
    expect(tokenRequests(fronts.gitlab, '/oauth/token').map((r) => r.form?.grant_type)).toContain(
      'refresh_token',
    );
    assertNoLeaks({
      secrets: {
        access: session.accessToken,
        refresh: session.refreshToken,
        rotated: refreshed.refreshToken,
      },
      texts: { login: login.stderr + login.stdout, token: token.stderr },
      dirs: [cwd],
    });
  });

  it('client credentials: GitLab has no such grant, exit 4 saying so', async () => {
    const run = await exchange({ TOKENRELAY_ISSUER: fronts.gitlab.issuer, ...basic() });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('does not support the client_credentials grant (unsupported_grant_type)');
  });
});
