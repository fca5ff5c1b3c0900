/**
 * Validation messages that point at the cause (issue 20, item 6), through the app's path with
 * settings as each face reads them: a key the API wants in another header, a tenant-scoped 403
 * that is really the token's, a machine token at a user profile endpoint, and a minted token
 * refused because it named no audience.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { obtainToken } from '../../src/app/obtain.ts';
import { resetSecretsForTest } from '../../src/core/secrets.ts';
import { type Face, resolveSettings } from '../../src/core/settings.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { type FaultFront, fault, startFaultFront } from '../../test-support/fault-front.ts';
import { type ProfileApi, startProfileApi } from '../../test-support/profile-api.ts';
import { REPORTS_RESOURCE, startProvider, type TestProvider } from '../../test-support/provider.ts';

const KEY = 'sk_live_0123456789abcdefghij';
let provider: TestProvider;
let front: FaultFront;
let reportsApi: ProfileApi;

beforeAll(async () => {
  provider = await startProvider();
  front = await startFaultFront();
  // An API that takes only tokens minted for it: the provider's default audience is another.
  reportsApi = await startProfileApi({ jwksIssuer: provider.issuer, audience: REPORTS_RESOURCE });
});
afterAll(async () => {
  await Promise.all([provider.close(), front.close(), reportsApi.close()]);
});
afterEach(() => {
  front.requests.length = 0;
  resetSecretsForTest();
});

/** A given key validated, as `tokenrelay validate` or the Action's `token` input does it. */
function validateKey(flags: Record<string, string>, face: Face = 'cli', env: Record<string, string> = {}) {
  const all = { TOKENRELAY_RETRIES: '0', ...env };
  const settings = resolveSettings({ flags: { apiUrl: front.url, ...flags }, env: all, face });
  return obtainToken({
    settings,
    env: all,
    token: KEY,
    method: 'token',
    validate: 'always',
    collaborators: { face },
  });
}

/** A token minted by client credentials at the suite's provider, then validated. */
function mintAndValidate(flags: Record<string, string>) {
  const env = {
    TOKENRELAY_ISSUER: provider.issuer,
    TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
    TOKENRELAY_CLIENT_SECRET: provider.clients.basic.clientSecret,
    TOKENRELAY_RETRIES: '0',
  };
  const settings = resolveSettings({ flags, env, face: 'cli' });
  return obtainToken({ settings, env, method: 'client-credentials', validate: 'always' });
}

describe('a key the API wants in another header', () => {
  it('a 401 whose body names the header: set --token-header to it', async () => {
    front.enqueue(fault.json(401, { message: 'Missing X-API-Key header' }));
    const err = await rejection(validateKey({}));
    expect(err.exitCode).toBe(4);
    expect(err.message).toContain('The API said: Missing X-API-Key header.');
    expect(err.hint).toBe(
      `${front.host} seems to want the key in another header: set --token-header / TOKENRELAY_TOKEN_HEADER / token_header to X-API-Key.`,
    );
  });

  it('a challenge naming the header, in the Action: the input token-header', async () => {
    front.enqueue(
      fault.json(401, { error: 'unauthorized' }, { 'www-authenticate': 'ApiKey header="X-Auth-Token"' }),
    );
    const err = await rejection(validateKey({}, 'action'));
    expect(err.hint).toBe(
      `${front.host} seems to want the key in another header: set input token-header / TOKENRELAY_TOKEN_HEADER to X-Auth-Token.`,
    );
  });

  it('a Token challenge: Authorization: Token', async () => {
    front.enqueue(fault.json(401, {}, { 'www-authenticate': 'Token realm="api"' }));
    const err = await rejection(validateKey({}, 'cli', { TOKENRELAY_TOKEN_HEADER: 'Authorization' }));
    expect(err.hint).toContain('set TOKENRELAY_TOKEN_HEADER to Authorization: Token.');
  });

  it('a plain Bearer refusal keeps the usual advice; a configured header is not second-guessed', async () => {
    front.enqueue(
      fault.json(401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' }),
    );
    const plain = await rejection(validateKey({}));
    expect(plain.hint).not.toContain('token-header');
    front.enqueue(fault.json(401, { message: 'Missing X-API-Key header' }));
    const configured = await rejection(validateKey({ tokenHeader: 'X-Other-Key' }));
    expect(configured.hint).not.toContain('another header');
  });
});

describe('a tenant-scoped 403', () => {
  it('refused without the tenant too: the token is blamed, and no setting that was not given is named', async () => {
    front.enqueue(fault.json(403, { error: 'forbidden' }), fault.json(403, { error: 'forbidden' }));
    const err = await rejection(validateKey({ tenant: 'acme' }));
    expect(err.exitCode).toBe(4);
    expect(err.message).toContain(
      'refused the token for tenant acme (HTTP 403), and without them too: the token is the problem, not the tenant.',
    );
    expect(err.hint).not.toMatch(/tenant|workspace/i);
    expect(front.requests.map((r) => r.headers['x-tenant'])).toEqual(['acme', undefined]);
  });

  it('accepted without the tenant but no list to check: names only the tenant setting that was given', async () => {
    front.enqueue(fault.json(403, { error: 'forbidden' }), fault.json(200, { login: 'bot' }));
    const err = await rejection(validateKey({ tenant: 'acme' }));
    expect(err.message).toContain('refused the token for tenant acme (HTTP 403)');
    expect(err.hint).toBe('Check --tenant, or use a token that has access to it.');
  });
});

describe('minted tokens', () => {
  it('a client credentials token at a userinfo-style endpoint that 404s: machine tokens may have no profile there', async () => {
    front.enqueue(fault.json(404, { error: 'not_found' }));
    const err = await rejection(mintAndValidate({ apiUrl: front.url, profilePath: '/oauth/userinfo' }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain(
      'has no profile endpoint at /oauth/userinfo (HTTP 404). A client credentials token stands for no user',
    );
    expect(err.hint).toContain('Set --profile-path to the path of the API that describes the caller');
  });

  it('refused by the API with --resource and --audience unset: suggests them', async () => {
    const err = await rejection(mintAndValidate({ apiUrl: reportsApi.url }));
    expect(err.exitCode).toBe(4);
    expect(err.hint).toContain('The token was just minted, without --audience');
    expect(err.hint).toContain('--resource');
  });

  it('the same with --resource naming the API: accepted', async () => {
    const token = await mintAndValidate({ apiUrl: reportsApi.url, resource: REPORTS_RESOURCE });
    expect(token.identity).toBeDefined();
  });
});
