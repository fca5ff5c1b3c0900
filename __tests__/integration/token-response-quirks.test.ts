/**
 * What real token endpoints send that RFC 6749 §5.1 does not quite say: a thin real HTTP
 * server on loopback answers as Entra v1 (quoted expires_in), Spring (`charset=UTF-8`),
 * servers with JWT access tokens and no expires_in, and some that are plainly broken.
 * Accepted quirks give a usable token; a broken expiry is exit 3, never a crash.
 */
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { resetSecretsForTest } from '../../src/core/secrets.ts';
import type { Token } from '../../src/core/token.ts';
import { clientAuthentication } from '../../src/oauth/client-auth.ts';
import { clientCredentials } from '../../src/oauth/client-credentials-grant.ts';
import { serverFromTokenEndpoint } from '../../src/oauth/discovery.ts';
import { revokeToken } from '../../src/oauth/revoke.ts';
import { MAX_EXPIRES_IN_SECONDS } from '../../src/oauth/token-expiry.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { type Behaviour, fault } from '../../test-support/fault-front.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

const front = useFaultFront();
afterEach(() => resetSecretsForTest());
const noWait = { retries: 0, timeoutMs: 5000, sleep: async () => {} };
const at = 'at-quirky-0123456789';

function request(): Promise<Token> {
  const { auth } = clientAuthentication({ clientId: 'quirks', clientSecret: 'quirks-s3cret' });
  return clientCredentials({
    server: serverFromTokenEndpoint(`${front.url}/token`),
    clientId: 'quirks',
    clientAuth: auth,
    transport: noWait,
  });
}

async function answer(behaviour: Behaviour): Promise<Token> {
  front.enqueue(behaviour);
  return request();
}

const json = (body: unknown, contentType = 'application/json; charset=utf-8') =>
  fault.text(200, JSON.stringify(body), contentType);

const secondsLeft = (t: Token) => Math.round((t.expiresAt!.getTime() - Date.now()) / 1000);

describe('quirks real servers have are accepted', () => {
  it('token_type in any case is kept as sent', async () => {
    for (const type of ['BEARER', 'bearer', 'Bearer']) {
      const t = await answer(json({ access_token: at, token_type: type, expires_in: 60 }));
      expect(t.tokenType).toBe(type);
    }
  });

  it('expires_in as a numeric string (Entra ID v1), or null', async () => {
    const quoted = await answer(json({ access_token: at, token_type: 'Bearer', expires_in: '3599' }));
    expect(secondsLeft(quoted)).toBeGreaterThan(3590);
    const none = await answer(json({ access_token: at, token_type: 'Bearer', expires_in: null }));
    expect(none.expiresAt).toBeUndefined();
  });

  it('no expires_in: a JWT access token expires at its exp; an opaque one at an unknown time', async () => {
    const exp = Math.floor(Date.now() / 1000) + 1234;
    const jwt = await new SignJWT({ sub: 'svc' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode('k'.repeat(32)));
    const fromJwt = await answer(json({ access_token: jwt, token_type: 'Bearer' }));
    expect(fromJwt.expiresAt?.getTime()).toBe(exp * 1000);
    const opaque = await answer(json({ access_token: at, token_type: 'Bearer' }));
    expect(opaque.expiresAt).toBeUndefined();
  });

  it('scope missing, extra, or as a list', async () => {
    const missing = await answer(json({ access_token: at, token_type: 'Bearer' }));
    expect(missing.scope).toBeUndefined();
    const extra = await answer(
      json({ access_token: at, token_type: 'Bearer', scope: 'read write openid', ext_expires_in: 3599 }),
    );
    expect(extra.scope).toBe('read write openid');
    const list = await answer(json({ access_token: at, token_type: 'Bearer', scope: ['read', 'write'] }));
    expect(list.scope).toBe('read write');
  });

  it('JSON under any JSON-ish content type', async () => {
    for (const type of ['application/json', 'Application/JSON;charset=UTF-8', 'text/plain; charset=utf-8']) {
      const t = await answer(json({ access_token: at, token_type: 'Bearer', expires_in: 60 }, type));
      expect(t.accessToken).toBe(at);
    }
  });

  it('sends Accept: application/json to the token and the revocation endpoint', async () => {
    await answer(json({ access_token: at, token_type: 'Bearer' }));
    front.enqueue(fault.text(200, '', 'text/plain'));
    const revoked = await revokeToken({
      server: { issuer: front.url, revocation_endpoint: `${front.url}/revoke` },
      clientId: 'quirks',
      clientAuth: clientAuthentication({ clientId: 'quirks', clientSecret: 'quirks-s3cret' }).auth,
      token: at,
      transport: noWait,
    });
    expect(revoked.ok, revoked.message).toBe(true);
    expect(front.requests.map((r) => [r.path, r.headers.accept])).toEqual([
      ['/token', 'application/json'],
      ['/revoke', 'application/json'],
    ]);
  });
});

describe('absurd expires_in never crashes', () => {
  it('1e300, 9e12 and "1e300" are read as ten years (no date is that far), never as an invalid date', async () => {
    for (const expiresIn of [1e300, 9e12, '1e300']) {
      const t = await answer(json({ access_token: at, token_type: 'Bearer', expires_in: expiresIn }));
      expect(Number.isNaN(t.expiresAt!.getTime())).toBe(false);
      expect(Math.abs(secondsLeft(t) - MAX_EXPIRES_IN_SECONDS)).toBeLessThan(5);
    }
  });

  it('negative, non-numeric and infinite are protocol errors (exit 3) that say what to do', async () => {
    for (const [raw, shown] of [
      ['-5', '-5'],
      ['"soon"', '"soon"'],
      ['1e400', 'null'],
    ] as const) {
      front.enqueue(
        fault.text(
          200,
          `{"access_token":"${at}","token_type":"Bearer","expires_in":${raw}}`,
          'application/json',
        ),
      );
      const err = await rejection(request());
      expect(err.exitCode).toBe(3);
      expect(err.message).toContain(`invalid expires_in (${shown})`);
      expect(err.hint).toMatch(/Report this to whoever runs it/);
    }
  });
});
