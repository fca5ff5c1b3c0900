/**
 * Deterministic server errors read as such (issue 10, item 6): the same 5xx on every attempt
 * says so, names the URL and shows the start of what the server said (scrubbed); a 404/405
 * from a token endpoint points at the path; settings are named the way the user gave them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { obtainToken } from '../../src/app/obtain.ts';
import { registerSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { type Face, resolveSettings } from '../../src/core/settings.ts';
import { clientAuthentication } from '../../src/oauth/client-auth.ts';
import { clientCredentials } from '../../src/oauth/client-credentials-grant.ts';
import { serverFromTokenEndpoint } from '../../src/oauth/discovery.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { fault } from '../../test-support/fault-front.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

const SECRET = 'server-errors-s3cret-value';
const front = useFaultFront();
afterEach(() => resetSecretsForTest());

function mint(path: string, retries: number) {
  registerSecret(SECRET);
  const { auth } = clientAuthentication({ clientId: 'ci-client', clientSecret: SECRET });
  return clientCredentials({
    server: serverFromTokenEndpoint(`${front.url}${path}`),
    clientId: 'ci-client',
    clientAuth: auth,
    transport: { retries, timeoutMs: 5000, sleep: async () => {} },
  });
}

/** The whole path a face takes, with settings given as flags (CLI or Action) or environment. */
function obtain(given: { flags?: Record<string, string>; env?: Record<string, string> }, face: Face = 'cli') {
  const env = { TOKENRELAY_CLIENT_SECRET: SECRET, TOKENRELAY_RETRIES: '0', ...given.env };
  const settings = resolveSettings({ flags: given.flags ?? {}, env, face });
  return obtainToken({ settings, env, method: 'client-credentials', validate: 'never' });
}

describe('a 5xx on every attempt', () => {
  it('says "on all 4 attempts", names the URL and shows the start of the body, scrubbed (exit 5)', async () => {
    const page = `<html><head><style>h1{color:red}</style></head><body><h1>Server Error (500)</h1><p>client_secret=${SECRET}</p></body></html>`;
    front.enqueue(...Array.from({ length: 4 }, () => fault.text(500, page, 'text/html; charset=utf-8')));
    const err = await rejection(mint('/o/token?tenant=acme', 3));
    expect(err.exitCode).toBe(5);
    expect(err.message).toBe(
      `The token endpoint (${front.url}/o/token) answered HTTP 500 on all 4 attempts. ` +
        'It said: Server Error (500) client_secret=***',
    );
    expect(err.hint).toMatch(/trailing slash/);
    expect(err.describe()).not.toContain(SECRET);
    expect(err.describe()).not.toContain('tenant=acme');
    expect(front.requests).toHaveLength(4);
  });

  it('shows at most 200 characters of the body, and nothing of a binary one', async () => {
    front.enqueue(fault.text(502, 'x'.repeat(500), 'text/plain'));
    const long = await rejection(mint('/token', 0));
    expect(long.message).toContain(`It said: ${'x'.repeat(200)}…`);
    expect(long.message).not.toContain('x'.repeat(201));
    expect(long.message).toContain('on its only attempt');

    front.enqueue(fault.text(503, 'binary', 'application/octet-stream'));
    const binary = await rejection(mint('/token', 0));
    expect(binary.message).toBe(
      `The token endpoint (${front.url}/token) answered HTTP 503 on its only attempt.`,
    );
  });
});

describe('a token endpoint that is not at that path', () => {
  it('404 points at the path of the setting, named as given (exit 3)', async () => {
    front.enqueue(fault.text(404, '<h1>Not Found</h1>', 'text/html'));
    const err = await rejection(
      obtain({ env: { TOKENRELAY_CLIENT_ID: 'ci', TOKENRELAY_TOKEN_ENDPOINT: `${front.url}/o/token` } }),
    );
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe(
      `The token endpoint (${front.url}/o/token) answered HTTP 404 (Not Found): there is no token endpoint at that path.`,
    );
    expect(err.hint).toBe(
      'Check the path in TOKENRELAY_TOKEN_ENDPOINT exactly as the server documents it, including a trailing slash or its absence.',
    );
  });

  it('405 from an Action input names the input (exit 3)', async () => {
    front.enqueue(fault.text(405, 'Method Not Allowed', 'text/plain'));
    const err = await rejection(
      obtain({ flags: { clientId: 'ci', tokenEndpoint: `${front.url}/oauth/token/` } }, 'action'),
    );
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('answered HTTP 405 (Method Not Allowed)');
    expect(err.hint).toContain('Check the path in input token-endpoint');
  });

  it('a redirect to the same URL with a slash is refused with credentials, and says to add the slash', async () => {
    front.enqueue(fault.redirect(`${front.url}/o/token/`, 301));
    const err = await rejection(obtain({ flags: { clientId: 'ci', tokenEndpoint: `${front.url}/o/token` } }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/does not follow redirects with credentials/);
    expect(err.hint).toMatch(/trailing slash/);
    expect(front.requests).toHaveLength(1);
  });
});

describe('refusals name the setting as the user gave it', () => {
  const refused = () => fault.json(401, { error: 'invalid_client' });

  it('--client-id', async () => {
    front.enqueue(refused());
    const err = await rejection(obtain({ flags: { clientId: 'ci', tokenEndpoint: `${front.url}/token` } }));
    expect(err.exitCode).toBe(4);
    expect(err.hint).toMatch(/^Check --client-id and the client secret/);
  });

  it('TOKENRELAY_CLIENT_ID', async () => {
    front.enqueue(refused());
    const err = await rejection(
      obtain({ env: { TOKENRELAY_CLIENT_ID: 'ci', TOKENRELAY_TOKEN_ENDPOINT: `${front.url}/token` } }),
    );
    expect(err.hint).toMatch(/^Check TOKENRELAY_CLIENT_ID and/);
  });

  it('input client-id', async () => {
    front.enqueue(refused());
    const err = await rejection(
      obtain({ flags: { clientId: 'ci', tokenEndpoint: `${front.url}/token` } }, 'action'),
    );
    expect(err.hint).toMatch(/^Check input client-id and/);
  });

  it.each([
    'scope_invalid',
    'invalid-scope',
    'Invalid_Scope',
  ])('%s reads as invalid_scope: names --scope and the scopes asked, and what the server sent', async (code) => {
    front.enqueue(fault.json(400, { error: code }));
    const err = await rejection(
      obtain({
        flags: { clientId: 'ci', tokenEndpoint: `${front.url}/token`, scope: 'reports:write admin' },
      }),
    );
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe(
      `The token endpoint rejected the requested scope "reports:write admin" (invalid_scope). (The server sent "${code}".)`,
    );
    expect(err.hint).toBe('Request only scopes this client is allowed (--scope).');
  });

  it('a 403 with an empty body gets the likely causes: the secret, or the scope asked', async () => {
    front.enqueue(fault.text(403, '', 'text/plain'));
    const err = await rejection(
      obtain({ flags: { clientId: 'ci', tokenEndpoint: `${front.url}/token`, scope: 'reports:write' } }),
    );
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe(
      'The token endpoint refused the request (HTTP 403) with an empty body, so it did not say why.',
    );
    expect(err.hint).toContain('a wrong client secret or key');
    expect(err.hint).toContain('the scope asked ("reports:write") not allowed for this client');
    expect(err.hint).toContain(
      'Check --client-id and the secret, and --scope against what the client may have.',
    );
  });

  it('an invalid scope names where the scope came from', async () => {
    front.enqueue(fault.json(400, { error: 'invalid_scope' }));
    const err = await rejection(
      obtain({
        flags: { clientId: 'ci', tokenEndpoint: `${front.url}/token` },
        env: { TOKENRELAY_SCOPE: 'nope' },
      }),
    );
    expect(err.exitCode).toBe(4);
    expect(err.hint).toBe('Request only scopes this client is allowed (TOKENRELAY_SCOPE).');
  });
});
