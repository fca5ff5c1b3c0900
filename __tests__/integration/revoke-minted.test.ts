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
