/**
 * The loopback listener against hostile and broken callbacks, with real HTTP requests and,
 * for the `iss` check, the real provider's metadata.
 */
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import type * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authError, isTokenRelayError, type TokenRelayError } from '../../src/core/errors.ts';
import { listenForCallback } from '../../src/login/loopback-listener.ts';
import { checkCallback } from '../../src/oauth/authorization-code.ts';
import { discover } from '../../src/oauth/discovery.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';

const STATE = 'expected-state-0123456789';
const ALTERNATIVES = "'--no-browser' or '--device'";

let provider: TestProvider;
let server: oauth.AuthorizationServer;

beforeAll(async () => {
  provider = await startProvider();
  server = await discover(provider.issuer, {});
});
afterAll(() => provider?.close());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so the Host header can be anything (fetch would not let a test lie about it). */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function listen(timeoutMs = 5_000, notices: string[] = []) {
  return listenForCallback({
    expectedState: STATE,
    accept: (params) => checkCallback(server, 'cli-native', params, STATE),
    timeoutMs,
    alternatives: ALTERNATIVES,
    notice: (line) => notices.push(line),
  });
}

async function failure(promise: Promise<unknown>): Promise<TokenRelayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isTokenRelayError(error)) throw new Error(`expected a TokenRelayError, got ${String(error)}`);
  return error;
}

const settled = (p: Promise<unknown>) =>
  Promise.race([
    p.then(
      () => true,
      () => true,
    ),
    new Promise((r) => setTimeout(() => r(false), 50)),
  ]);

describe('loopback listener', () => {
  it('ignores a wrong or missing state, a favicon and a foreign Host, then times out cleanly', async () => {
    const notices: string[] = [];
    const listener = await listen(1_500, notices);
    const path = '/callback';
    const wrong = await get(
      listener.port,
      `${path}?code=abc123&state=someone-else&iss=${encodeURIComponent(server.issuer)}`,
    );
    const missing = await get(listener.port, `${path}?code=abc123`);
    const favicon = await get(listener.port, '/favicon.ico');
    const rebinding = await get(
      listener.port,
      `${path}?code=abc123&state=${STATE}`,
      `evil.example:${listener.port}`,
    );

    expect([wrong.status, missing.status, favicon.status, rebinding.status]).toEqual([400, 400, 404, 400]);
    expect(wrong.body).toContain('still waiting');
    expect(wrong.headers['cache-control']).toBe('no-store');
    expect(await settled(listener.result)).toBe(false); // the flow goes on
    expect(notices.join('\n')).toMatch(/wrong state[\s\S]*no state[\s\S]*host/);

    const error = await failure(listener.result);
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe('No sign-in response reached tokenrelay within 2 seconds.');
    expect(error.hint).toContain("'--no-browser' or '--device'");
    await expect(get(listener.port, path)).rejects.toThrow(); // closed after the timeout
  });

  it.each([
    ['a repeated code', `code=a1&code=b2&state=${STATE}`, /"code"/],
    [
      'an access_token',
      `access_token=leaked-token&token_type=bearer&state=${STATE}`,
      /token in the redirect URL/,
    ],
  ])('ends the flow with a protocol error (3) on %s', async (_name, query, message) => {
    const listener = await listen();
    const answer = await get(listener.port, `/callback?${query}`);
    const error = await failure(listener.result);
    expect(answer.status).toBe(400);
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(message);
  });

  it('a callback without the right state never ends the login, whatever it carries', async () => {
    const notices: string[] = [];
    const listener = await listenForCallback({
      expectedState: STATE,
      accept: (params) => `accepted ${params.get('code')}`,
      timeoutMs: 5_000,
      alternatives: ALTERNATIVES,
      notice: (line) => notices.push(line),
    });
    const hostile = [
      'access_token=planted-token&token_type=bearer&state=someone-else',
      'access_token=planted-token&token_type=bearer',
      'code=a1&code=b2&state=someone-else',
      'code=a1&code=b2',
      'error=access_denied&error_description=gave+up&state=someone-else',
      'error=access_denied',
      `code=a1&state=${STATE}&state=${STATE}`,
      `code=a1&state=someone-else&state=${STATE}`,
      `id_token=x.y.z&state=${STATE}x`,
    ];
    for (const query of hostile) {
      const answer = await get(listener.port, `/callback?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body).toContain('still waiting');
    }
    expect(await settled(listener.result)).toBe(false);
    expect(notices).toHaveLength(hostile.length);
    const real = await get(listener.port, `/callback?code=the-real-code&state=${STATE}`);
    expect(real.status).toBe(200);
    await expect(listener.result).resolves.toBe('accepted the-real-code');
  });

  it('opens the browser on a one-time start URL that redirects once to the authorization URL', async () => {
    const listener = await listen();
    const target = `${provider.issuer}/auth?client_id=cli-native&state=${STATE}&code_challenge=abc`;
    const start = listener.startUrl(target);
    expect(start).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${listener.port}/start/[\\w-]{43}$`));
    expect(start).not.toContain(STATE);
    const path = new URL(start).pathname;
    // A foreign Host (a DNS-rebinding page) neither follows nor uses it up.
    expect((await get(listener.port, path, `evil.example:${listener.port}`)).status).toBe(404);
    const first = await get(listener.port, path);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe(target);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect((await get(listener.port, '/start/unknown-nonce')).status).toBe(404);
    expect(listener.startUrl(target)).not.toBe(start);
    expect(await settled(listener.result)).toBe(false);
    // A second visit: someone raced the browser to the link (or the other way round). The
    // login stops rather than finish for whoever holds the state now.
    expect((await get(listener.port, path)).status).toBe(404);
    const error = await failure(listener.result);
    expect(error.exitCode).toBe(4);
    expect(error.message).toContain('opened twice');
  });

  it('rejects a response naming another issuer (RFC 9207) before any code exchange (3)', async () => {
    expect(server.authorization_response_iss_parameter_supported).toBe(true);
    provider.resetRecords();
    const listener = await listen();
    const answer = await get(
      listener.port,
      `/callback?code=mixup-code-1&state=${STATE}&iss=${encodeURIComponent('https://attacker.example')}`,
    );
    const error = await failure(listener.result);
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('https://attacker.example');
    expect(error.message).toContain(provider.issuer);
    expect(answer.body).toContain('not ' + provider.issuer);
    expect(provider.tokenRequests()).toHaveLength(0);
  });

  it('rejects a response without iss when the server promises one (3)', async () => {
    const listener = await listen();
    await get(listener.port, `/callback?code=no-iss-code&state=${STATE}`);
    const error = await failure(listener.result);
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/does not name its issuer/);
  });

  it('answers the browser only once the exchange is done, and accepts one callback only', async () => {
    let calls = 0;
    let release: (() => void) | undefined;
    const listener = await listenForCallback({
      expectedState: STATE,
      accept: async () => {
        calls++;
        await new Promise<void>((r) => {
          release = r;
        });
        throw authError('The token endpoint rejected the authorization_code grant (invalid_grant).');
      },
      timeoutMs: 5_000,
      alternatives: ALTERNATIVES,
    });
    const first = get(listener.port, `/callback?code=c1&state=${STATE}`);
    await new Promise((r) => setTimeout(r, 50));
    const second = await get(listener.port, `/callback?code=c2&state=${STATE}`);
    expect(second.status).toBe(404);
    release!();
    const page = await first;
    const error = await failure(listener.result);
    expect(calls).toBe(1);
    expect(page.status).toBe(400);
    expect(page.body).toContain('(invalid_grant)');
    expect(error.exitCode).toBe(4);
  });

  it('takes the first free port of a list, and names them all when none is free (5)', async () => {
    const busy = await Promise.all([occupy(), occupy()]);
    const free = await occupy();
    const freePort = free.port;
    await new Promise((r) => free.server.close(r));
    try {
      const ports = [busy[0]!.port, busy[1]!.port];
      const picked = await listenForCallback({
        ports: [...ports, freePort],
        expectedState: STATE,
        accept: () => true,
        timeoutMs: 5_000,
        alternatives: ALTERNATIVES,
      });
      expect(picked.port).toBe(freePort);
      expect(picked.redirectUri).toBe(`http://127.0.0.1:${freePort}/callback`);
      await picked.close();

      const error = await failure(
        listenForCallback({
          ports,
          expectedState: STATE,
          accept: () => true,
          timeoutMs: 5_000,
          alternatives: ALTERNATIVES,
        }),
      );
      expect(error.exitCode).toBe(5);
      expect(error.message).toContain(`${ports[0]} and ${ports[1]}`);
    } finally {
      for (const b of busy) b.server.close();
    }
  });
});

function occupy(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      resolve({ server: s, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}
