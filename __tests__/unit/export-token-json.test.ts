import { describe, expect, it } from 'vitest';
import { renderJson, tokenJson } from '../../src/export/token-json.ts';
import { NOW, sampleToken } from './export-fixtures.ts';

describe('tokenJson', () => {
  it('has the documented keys, in order', () => {
    const token = sampleToken();
    expect(tokenJson(token, NOW)).toEqual({
      token: token.accessToken,
      token_type: 'Bearer',
      expires_at: '2026-11-23T12:00:00Z',
      expires_in: 3600,
      scope: 'read:items write:items',
      tenant: 'acme',
      workspace: 'ws-42',
      identity: { login: 'deploy-bot', email: 'bot@example.test', subject: 'user-1' },
      method: 'client-credentials',
      source: 'client-credentials',
      environment: 'https://api.tokenrelay.test',
    });
    expect(Object.keys(tokenJson(token, NOW))).toEqual([
      'token',
      'token_type',
      'expires_at',
      'expires_in',
      'scope',
      'tenant',
      'workspace',
      'identity',
      'method',
      'source',
      'environment',
    ]);
  });

  it('uses null for absent facts, so the keys never change', () => {
    const json = tokenJson(
      sampleToken({
        expiresAt: undefined,
        scope: '',
        tenant: undefined,
        workspace: undefined,
        identity: undefined,
      }),
      NOW,
    );
    expect(json).toMatchObject({
      expires_at: null,
      expires_in: null,
      scope: null,
      tenant: null,
      workspace: null,
      identity: null,
    });
  });

  it('never carries the refresh or ID token, nor identity fields it does not know', () => {
    const token = sampleToken({
      identity: { login: 'x', ...({ password: 'hunter2-secret' } as object) },
    });
    const text = renderJson(token, NOW);
    expect(text).not.toContain(token.refreshToken);
    expect(text).not.toContain(token.idToken);
    expect(text).not.toContain('hunter2');
  });

  it('adds ci_claims only for federation', () => {
    expect(tokenJson(sampleToken(), NOW)).not.toHaveProperty('ci_claims');
    const claims = { sub: 'project_path:g/p:ref_type:branch:ref:main', aud: 'x' };
    expect(tokenJson(sampleToken({ ciClaims: claims }), NOW).ci_claims).toEqual(claims);
  });

  it('renders one pretty-printed object with a trailing newline that parses back', () => {
    const text = renderJson(sampleToken({ accessToken: 'quote" back\\ nl\n' }), NOW);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text).token).toBe('quote" back\\ nl\n');
  });
});
