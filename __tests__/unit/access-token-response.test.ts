import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { acceptTokenResponse } from '../../src/oauth/access-token-response.ts';
import { readTokenResponse } from '../../src/oauth/token-response.ts';

// RFC 6749 §5.1 without oauth4webapi, checked side by side with oauth4webapi: what the fast
// reader accepts, the library accepts with the same values; what the library refuses, the
// fast reader declines (and hands to the library, which then says why).

const server: oauth.AuthorizationServer = { issuer: 'https://idp.tokenrelay.test' };
const client: oauth.Client = { client_id: 'cc-client' };
const recognizedTokenTypes = { n_a: () => {} };

async function library(status: number, body: unknown) {
  const res = new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
  try {
    return await oauth.processGenericTokenEndpointResponse(server, client, res, { recognizedTokenTypes });
  } catch {
    return undefined;
  }
}

/** The full path every other response takes: precheck, normalising, oauth4webapi. */
function fullPath(body: unknown) {
  const res = new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
  return readTokenResponse(res, (r, o) => oauth.processGenericTokenEndpointResponse(server, client, r, o), {
    what: 'the token endpoint',
  });
}

const jwt = (claims: object) =>
  ['{"alg":"none"}', JSON.stringify(claims), ''].map((p) => Buffer.from(p).toString('base64url')).join('.');
const ok = { access_token: 'at-1', token_type: 'Bearer' };
const accepted: [string, unknown][] = [
  ['the minimum', ok],
  ['lower-case bearer', { ...ok, token_type: 'bearer' }],
  ['expires_in', { ...ok, expires_in: 3600 }],
  ['expires_in 0', { ...ok, expires_in: 0 }],
  ['expires_in as a string', { ...ok, expires_in: '3600' }],
  ['a fractional expires_in', { ...ok, expires_in: 59.5 }],
  ['scope', { ...ok, scope: 'read write' }],
  ['an empty scope', { ...ok, scope: '' }],
  ['a refresh token', { ...ok, refresh_token: 'rt-1' }],
  ['token exchange N_A', { ...ok, token_type: 'N_A', issued_token_type: 'urn:x' }],
  ['unknown members', { ...ok, tenant: 'acme', ext: { a: 1 } }],
  ['a JWT access token without expires_in', { ...ok, access_token: jwt({ exp: 2_000_000_000 }) }],
  ['an expires_in beyond ten years', { ...ok, expires_in: 1e12 }],
];
const declined: [string, number, unknown][] = [
  ['a non-200 status', 201, ok],
  ['an error response', 400, { error: 'invalid_client' }],
  ['an array', 200, [ok]],
  ['null', 200, null],
  ['no access_token', 200, { token_type: 'Bearer' }],
  ['an empty access_token', 200, { ...ok, access_token: '' }],
  ['a numeric access_token', 200, { ...ok, access_token: 5 }],
  ['no token_type', 200, { access_token: 'at' }],
  ['an empty token_type', 200, { ...ok, token_type: '' }],
  ['a MAC token', 200, { ...ok, token_type: 'mac' }],
  ['a DPoP token (the library decides)', 200, { ...ok, token_type: 'DPoP' }],
  ['a negative expires_in', 200, { ...ok, expires_in: -1 }],
  ['a non-numeric expires_in', 200, { ...ok, expires_in: 'soon' }],
  ['an infinite expires_in', 200, { ...ok, expires_in: '1e999' }],
  ['a boolean expires_in', 200, { ...ok, expires_in: true }],
  ['an empty refresh_token', 200, { ...ok, refresh_token: '' }],
  ['a numeric refresh_token', 200, { ...ok, refresh_token: 1 }],
  ['a numeric scope', 200, { ...ok, scope: 1 }],
  ['an ID token (its claims need the library)', 200, { ...ok, id_token: 'a.b.c' }],
];

describe('acceptTokenResponse', () => {
  it.each(accepted)('accepts %s, as the library does, with the same values', async (_, body) => {
    const fast = acceptTokenResponse(200, body);
    const lib = await library(200, body);
    expect(fast).toBeDefined();
    expect(lib).toBeDefined();
    const raw = body as Record<string, unknown>;
    expect(fast!.accessToken).toBe(lib!.access_token);
    expect(fast!.tokenType).toBe(raw.token_type); // as sent; the library lowercases
    expect(fast!.tokenType.toLowerCase()).toBe(lib!.token_type);
    expect(fast!.scope).toBe(lib!.scope);
    expect(fast!.refreshToken).toBe(lib!.refresh_token);
    expect(fast!.issuedTokenType).toBe(raw.issued_token_type);
    // …and the token is the one the full path makes of the same response.
    const full = await fullPath(body);
    expect({ ...fast, expiresAt: undefined }).toEqual({ ...full, expiresAt: undefined });
    if (full.expiresAt === undefined) expect(fast!.expiresAt).toBeUndefined();
    else expect(Math.abs(fast!.expiresAt!.getTime() - full.expiresAt.getTime())).toBeLessThan(5000);
  });

  it.each(declined)('declines %s', async (_, status, body) => {
    expect(acceptTokenResponse(status, body)).toBeUndefined();
  });

  it('never accepts what the library refuses', async () => {
    for (const [, status, body] of declined) {
      if ((await library(status, body)) === undefined)
        expect(acceptTokenResponse(status, body)).toBeUndefined();
    }
    // …and at least some of the declined shapes are ones the library refuses outright.
    const refused = await Promise.all(declined.map(([, s, b]) => library(s, b)));
    expect(refused.filter((r) => r === undefined).length).toBeGreaterThan(12);
  });
});
