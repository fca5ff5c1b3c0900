/**
 * Nothing minted is left live on failure (issue 10, item 4) and the revocation endpoint is a
 * setting (item 3), at the app layer against the suite's provider: a crash after minting
 * revokes the token and says so; a token the run did not mint is never revoked; `auth logout`
 * revokes at the configured endpoint when the saved session knows none.
 */
import { describe, expect, it } from 'vitest';
import { logout } from '../../src/app/logout.ts';
import { obtainToken } from '../../src/app/obtain.ts';
import { failAfterMinting } from '../../src/app/revoke-minted.ts';
import { usageError } from '../../src/core/errors.ts';
import { resolveSettings } from '../../src/core/settings.ts';
import type { ResolvedToken } from '../../src/core/token.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { fault, startFaultFront } from '../../test-support/fault-front.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

function mintSettings(extra: Record<string, string> = {}) {
  const env = {
    TOKENRELAY_ISSUER: servers.provider.issuer,
    TOKENRELAY_CLIENT_ID: servers.provider.clients.basic.clientId,
    TOKENRELAY_CLIENT_SECRET: servers.provider.clients.basic.clientSecret,
    TOKENRELAY_RESOURCE: servers.provider.resources.opaque,
    TOKENRELAY_RETRIES: '0',
    ...extra,
  };
  return { env, settings: resolveSettings({ flags: {}, env }) };
}

async function mint(extra: Record<string, string> = {}) {
  const { env, settings } = mintSettings(extra);
  const token = await obtainToken({ settings, env, method: 'client-credentials', validate: 'never' });
  return { token, env, settings };
}

describe('a failure after minting', () => {
  it('a crash (exit 1) revokes the token and says so', async () => {
    const { token, env, settings } = await mint();
    expect(token.revocationEndpoint).toBeDefined();
    const err = await failAfterMinting(new TypeError('boom'), token, settings, env);
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('Unexpected error: boom');
    expect(err.detail).toBe('The token minted for this run was revoked.');
    expect(servers.provider.revoked).toContain(token.accessToken);
  });

  it('keeps the exit code and the hint of the failure it reports', async () => {
    const { token, env, settings } = await mint();
    const err = await failAfterMinting(usageError('Bad export.', 'Fix it.'), token, settings, env);
    expect(err.exitCode).toBe(2);
    // What failed and what to do first; what became of the token after, as its own sentence.
    expect(err.describe()).toBe('Bad export. Fix it. The token minted for this run was revoked.');
  });

  it('the revocation-endpoint setting wins over the metadata', async () => {
    const front = await startFaultFront();
    try {
      front.enqueue(fault.text(200, '', 'text/plain'));
      const { token, env, settings } = await mint({ TOKENRELAY_REVOCATION_ENDPOINT: `${front.url}/revoke/` });
      expect(token.revocationEndpoint).toBe(`${front.url}/revoke/`);
      const err = await failAfterMinting(new Error('later failure'), token, settings, env);
      expect(err.detail).toBe('The token minted for this run was revoked.');
      expect(front.requests.map((r) => r.path)).toEqual(['/revoke/']);
      expect(new URLSearchParams(front.requests[0]!.body).get('token')).toBe(token.accessToken);
      expect(servers.provider.revoked).not.toContain(token.accessToken);
    } finally {
      await front.close();
    }
  });

  it('a revocation that fails is said, with until when the token stays valid', async () => {
    const front = await startFaultFront();
    const url = `${front.url}/revoke`;
    await front.close();
    const { token, env, settings } = await mint({ TOKENRELAY_REVOCATION_ENDPOINT: url });
    const err = await failAfterMinting(new Error('later failure'), token, settings, env);
    expect(err.message).toBe('Unexpected error: later failure');
    expect(err.detail).toMatch(
      /^The token minted for this run was not revoked: Could not revoke the token: Could not connect to the revocation endpoint .* It stays valid until \d{4}-\d\d-\d\dT[\d:.]+Z\.$/,
    );
  });

  it('a JWT access token the server cannot revoke (unsupported_token_type): stays valid until T, no client advice', async () => {
    // The suite's provider issues JWT access tokens for the API resource and cannot revoke them.
    const { token, env, settings } = await mint({ TOKENRELAY_RESOURCE: servers.provider.resources.api });
    expect(token.accessToken.split('.')).toHaveLength(3);
    const err = await failAfterMinting(new Error('later failure'), token, settings, env);
    expect(err.message).toBe('Unexpected error: later failure');
    expect(err.detail).toBe(
      'The token minted for this run was not revoked: ' +
        'The server cannot revoke this kind of token (unsupported_token_type; servers that issue self-contained JWT access tokens often cannot), ' +
        `so it stays valid until ${token.expiresAt!.toISOString()}.`,
    );
    expect(err.describe()).not.toMatch(/client configuration|Check /);
  });

  it('a token the run did not mint (given, stored) is never revoked', async () => {
    const { env, settings } = mintSettings();
    const given: ResolvedToken = {
      accessToken: 'a-given-api-key-0123456789',
      tokenType: 'Bearer',
      source: 'flag',
      sourceLabel: '--token flag',
      method: 'token',
      environment: servers.provider.issuer,
      revocationEndpoint: `${servers.provider.issuer}/token/revocation`,
    };
    const failure = usageError('Something else went wrong.');
    expect(await failAfterMinting(failure, given, settings, env)).toBe(failure);
    expect(servers.provider.revoked).not.toContain(given.accessToken);
  });
});

describe('auth logout with revocation-endpoint', () => {
  it('a 401 to the public client: the server wants client authentication to revoke; what was removed is said', async () => {
    const front = await startFaultFront();
    try {
      front.enqueue(fault.json(401, { error: 'invalid_client' }));
      const api = 'https://api.example.test';
      const store = new MemoryStore([
        {
          kind: 'oauth',
          environment: api,
          savedAt: new Date().toISOString(),
          accessToken: 'access-0123456789abcdef',
          refreshToken: 'refresh-0123456789abcdef',
          tokenType: 'Bearer',
          issuer: 'https://idp.example.test',
          clientId: 'cli',
          tokenEndpoint: 'https://idp.example.test/token',
          revocationEndpoint: `${front.url}/revoke`,
        },
      ]);
      const env = { TOKENRELAY_API_URL: api };
      const warnings: string[] = [];
      const result = await logout(
        { settings: resolveSettings({ flags: {}, env }), env },
        { openStore: async () => store, warn: (l) => warnings.push(l) },
      );
      expect(result.sessionRemoved).toBe(true);
      expect(warnings).toEqual([
        'The revocation endpoint refused a public client (HTTP 401, invalid_client): this server revokes only for clients that authenticate, so the token stays valid until it expires. ' +
          `The session for ${api} (its access and refresh tokens) was removed from this machine.`,
      ]);
      expect(front.requests[0]!.headers.authorization).toBeUndefined();
    } finally {
      await front.close();
    }
  });

  it('revokes the session at the configured endpoint when the saved session names none', async () => {
    const front = await startFaultFront();
    try {
      front.enqueue(fault.text(200, '', 'text/plain'));
      const api = 'https://api.example.test';
      const store = new MemoryStore([
        {
          kind: 'oauth',
          environment: api,
          savedAt: new Date().toISOString(),
          accessToken: 'access-0123456789abcdef',
          refreshToken: 'refresh-0123456789abcdef',
          tokenType: 'Bearer',
          issuer: 'https://idp.example.test',
          clientId: 'cli',
          tokenEndpoint: 'https://idp.example.test/token',
        },
      ]);
      const env = { TOKENRELAY_API_URL: api, TOKENRELAY_REVOCATION_ENDPOINT: `${front.url}/o/revoke_token/` };
      const warnings: string[] = [];
      const result = await logout(
        { settings: resolveSettings({ flags: {}, env }), env },
        { openStore: async () => store, warn: (l) => warnings.push(l) },
      );
      expect(result.revocation).toEqual({ ok: true, message: 'Token revoked.' });
      expect(warnings).toEqual([]);
      const sent = new URLSearchParams(front.requests[0]!.body);
      expect(front.requests[0]!.path).toBe('/o/revoke_token/');
      expect(sent.get('token')).toBe('refresh-0123456789abcdef');
      expect(sent.get('token_type_hint')).toBe('refresh_token');
    } finally {
      await front.close();
    }
  });
});

/**
 * Issue 19 item 5: a server that issues a token in a response tokenrelay refuses gets the
 * refusal (exit 3) — and the issued token, live all the same, is revoked like any token
 * minted and then failed.
 */
describe('a token issued in a response tokenrelay refuses', () => {
  const issued = 'issued-then-refused-0123456789abcdef';
  it.each([
    ['expires_in -5', -5],
    ['expires_in "abc"', 'abc'],
  ])('%s: exit 3, and the issued token is revoked', async (_what, expiresIn) => {
    const front = await startFaultFront();
    try {
      front.enqueue(
        fault.json(200, { access_token: issued, token_type: 'Bearer', expires_in: expiresIn }),
        fault.text(200, '', 'text/plain'),
      );
      const env = {
        TOKENRELAY_TOKEN_ENDPOINT: `${front.url}/token`,
        TOKENRELAY_REVOCATION_ENDPOINT: `${front.url}/revoke`,
        TOKENRELAY_CLIENT_ID: 'client-1',
        TOKENRELAY_CLIENT_SECRET: 'client-secret-0123456789',
        TOKENRELAY_RETRIES: '0',
      };
      const settings = resolveSettings({ flags: {}, env });
      const err = await rejection(obtainToken({ settings, env, method: 'auto', validate: 'never' }));
      expect(err.exitCode).toBe(3);
      expect(err.message).toContain('invalid expires_in');
      expect(err.detail).toBe('The token minted for this run was revoked.');
      expect(err.describe()).not.toContain(issued);
      expect(front.requests.map((r) => r.path)).toEqual(['/token', '/revoke']);
      expect(new URLSearchParams(front.requests[1]?.body).get('token')).toBe(issued);
    } finally {
      await front.close();
    }
  });

  it('a server with nowhere to revoke: the error says the token stays valid', async () => {
    const front = await startFaultFront();
    try {
      front.enqueue(fault.json(200, { access_token: issued, token_type: 'Bearer', expires_in: -5 }));
      const env = {
        TOKENRELAY_TOKEN_ENDPOINT: `${front.url}/token`,
        TOKENRELAY_CLIENT_ID: 'client-1',
        TOKENRELAY_CLIENT_SECRET: 'client-secret-0123456789',
      };
      const settings = resolveSettings({ flags: {}, env });
      const err = await rejection(obtainToken({ settings, env, method: 'auto', validate: 'never' }));
      expect(err.exitCode).toBe(3);
      expect(err.detail).toContain('was not revoked');
      expect(err.detail).toContain('TOKENRELAY_REVOCATION_ENDPOINT');
      expect(front.requests).toHaveLength(1);
    } finally {
      await front.close();
    }
  });
});
