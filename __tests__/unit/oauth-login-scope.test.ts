import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/core/settings.ts';
import { authorizationUrl } from '../../src/oauth/authorization-code.ts';
import { loginPrompt, loginScope } from '../../src/oauth/login-scope.ts';
import { newPkceAttempt } from '../../src/oauth/pkce.ts';

describe('login scope', () => {
  it('asks for identity scopes the server lists, offline_access only where offered', () => {
    const issuer = 'https://idp.example';
    expect(
      loginScope({ issuer, scopes_supported: ['openid', 'email', 'offline_access', 'read'] }, undefined),
    ).toBe('openid email offline_access');
    expect(loginScope({ issuer }, undefined)).toBe('openid profile email');
    expect(loginScope({ issuer }, '  read   write ')).toBe('read write');
  });
});

describe('login prompt (OpenID Connect Core §11)', () => {
  it('is consent exactly when offline_access is asked for, unless configured', () => {
    expect(loginPrompt('openid email offline_access', undefined)).toBe('consent');
    expect(loginPrompt('openid email', undefined)).toBeUndefined();
    expect(loginPrompt('openid offline_access', 'login')).toBe('login');
    expect(loginPrompt('openid offline_access', '')).toBeUndefined();
  });

  it('reaches the authorization URL', async () => {
    const server = { issuer: 'https://idp.example', authorization_endpoint: 'https://idp.example/authorize' };
    const pkce = await newPkceAttempt();
    const url = (prompt?: string) =>
      authorizationUrl(server, 'cli', 'http://127.0.0.1:1/callback', pkce, {
        scope: 'openid offline_access',
        ...(prompt ? { prompt } : {}),
      });
    expect(url('consent').searchParams.get('prompt')).toBe('consent');
    expect(url().searchParams.has('prompt')).toBe(false);
  });

  it('--prompt / TOKENRELAY_PROMPT: omit means none; a value that is no OpenID prompt is a usage error', () => {
    expect(resolveSettings({ flags: { prompt: 'omit' }, env: {} }).prompt).toBe('');
    expect(resolveSettings({ flags: {}, env: { TOKENRELAY_PROMPT: 'select_account consent' } }).prompt).toBe(
      'select_account consent',
    );
    expect(() => resolveSettings({ flags: {}, env: { TOKENRELAY_PROMPT: 'consent;login' } })).toThrow(
      expect.objectContaining({ kind: 'usage', message: expect.stringContaining('TOKENRELAY_PROMPT') }),
    );
  });
});
