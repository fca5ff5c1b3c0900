/**
 * Which of the environment's variables answer for a host whose `[hosts]` section (or the
 * helper's --profile) names a profile: the environment's identity is set aside, whole, when it
 * names another server or client; what names none merges as for any command.
 */
import { describe, expect, it } from 'vitest';
import type { ConfigProfile } from '../../src/core/config-file.ts';
import { envForHostProfile } from '../../src/core/credential-host.ts';

const profile = (values: ConfigProfile['values']): ConfigProfile => ({ name: 'b', values, routes: [] });
const B = { issuer: 'https://b.example.com', client_id: 'bot-b' };
const envA = {
  TOKENRELAY_ISSUER: 'https://a.example.com',
  TOKENRELAY_CLIENT_ID: 'bot-a',
  TOKENRELAY_CLIENT_SECRET: 'secret-of-a-0123456789',
  TOKENRELAY_API_URL: 'https://api.a.example.com',
  TOKENRELAY_TOKEN: 'token-of-a-0123456789',
  TOKENRELAY_SCOPE: 'read',
  PATH: '/usr/bin',
};

describe('envForHostProfile', () => {
  it("sets the environment's whole identity aside when it names another server", () => {
    const out = envForHostProfile(envA, profile(B));
    // The API URL stays: a session filed under it still answers only for its own identity.
    expect(out.env).toEqual({
      TOKENRELAY_API_URL: 'https://api.a.example.com',
      TOKENRELAY_SCOPE: 'read',
      PATH: '/usr/bin',
    });
    expect(out.dropped).toEqual([
      'TOKENRELAY_ISSUER',
      'TOKENRELAY_CLIENT_ID',
      'TOKENRELAY_CLIENT_SECRET',
      'TOKENRELAY_TOKEN',
    ]);
    expect(out.setAside).toContain('issuer https://a.example.com is not its https://b.example.com');
  });

  it('another client id on the same server is another identity too', () => {
    const out = envForHostProfile({ ...envA, TOKENRELAY_ISSUER: B.issuer }, profile(B));
    expect(out.setAside).toContain('client id bot-a is not its bot-b');
    expect(out.env.TOKENRELAY_CLIENT_SECRET).toBeUndefined();
  });

  it('the same identity, a secret alone, or a profile naming no identity keep the environment', () => {
    const same = {
      TOKENRELAY_ISSUER: `${B.issuer}/`,
      TOKENRELAY_CLIENT_ID: 'bot-b',
      TOKENRELAY_TOKEN: 't-0123456789',
    };
    expect(envForHostProfile(same, profile(B))).toEqual({ env: same, dropped: [] });
    const secretOnly = { TOKENRELAY_CLIENT_SECRET: 'secret-of-b-0123456789' };
    expect(envForHostProfile(secretOnly, profile(B))).toEqual({ env: secretOnly, dropped: [] });
    expect(envForHostProfile(envA, profile({ scope: 'write' }))).toEqual({ env: envA, dropped: [] });
    expect(envForHostProfile(envA, undefined)).toEqual({ env: envA, dropped: [] });
  });

  it('a profile naming only a client id keeps the environment server, and compares the client', () => {
    const onlyClient = profile({ client_id: 'bot-a' });
    expect(envForHostProfile(envA, onlyClient).dropped).toEqual([]);
    expect(envForHostProfile(envA, profile({ client_id: 'bot-b' })).dropped).toContain('TOKENRELAY_ISSUER');
  });

  it('a shell-wide TOKENRELAY_TOKEN naming no server is not handed to a host whose profile names one', () => {
    const out = envForHostProfile({ TOKENRELAY_TOKEN: 'token-of-a-0123456789', HOME: '/h' }, profile(B));
    expect(out.env).toEqual({ HOME: '/h' });
    expect(out.dropped).toEqual(['TOKENRELAY_TOKEN']);
  });
});
