/**
 * client_secret_basic as servers read it (issue 20, item 2): a hyphenated client id and a
 * base64url secret reach a server that never form-decodes Basic credentials unchanged; a
 * server that refuses Basic is told apart from a wrong secret, in each face's words.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { obtainToken } from '../../src/app/obtain.ts';
import { resetSecretsForTest } from '../../src/core/secrets.ts';
import { type Face, resolveSettings } from '../../src/core/settings.ts';
import { basicCredentials } from '../../src/oauth/client-auth.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { startLiteralBasicFront } from '../../test-support/literal-basic-front.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';

const CLIENT = 'reports-bot';
// The commonest secret shape: base64url, so '-' and '_' (and a '.' some generators add).
const SECRET = 'Zk3-q_Rb8.Tn4-Wx_Yc7-Lm2_Vd9';

let provider: TestProvider;
beforeAll(async () => {
  provider = await startProvider();
});
afterAll(async () => {
  await provider?.close();
});
afterEach(() => resetSecretsForTest());

function obtain(issuer: string, given: Record<string, string> = {}, face: Face = 'cli') {
  const env = { TOKENRELAY_CLIENT_SECRET: SECRET, TOKENRELAY_RETRIES: '0', ...given };
  const flags = { clientId: CLIENT, issuer };
  const settings = resolveSettings({ flags, env, face });
  return obtainToken({ settings, env, method: 'client-credentials', validate: 'never' });
}

describe('Basic credentials', () => {
  it('are encoded as the WHATWG serializer does: *-._ and alphanumerics unchanged, space as +', () => {
    const decoded = (id: string, secret: string) =>
      Buffer.from(basicCredentials(id, secret), 'base64').toString('utf8');
    expect(decoded(CLIENT, SECRET)).toBe(`${CLIENT}:${SECRET}`);
    expect(decoded('a b', "x:y%z+!~*'()")).toBe('a+b:x%3Ay%25z%2B%21%7E*%27%28%29');
    expect(decoded('ü', '/=&')).toBe('%C3%BC:%2F%3D%26');
  });

  it('reach a server that does not form-decode them: a hyphenated id and a base64url secret work', async () => {
    const front = await startLiteralBasicFront(provider, { clientId: CLIENT, clientSecret: SECRET });
    try {
      const token = await obtain(front.issuer);
      expect(token.accessToken).toMatch(/^ey/);
      expect(front.requests).toHaveLength(1);
      const sent = front.requests[0]!.authorization!;
      expect(Buffer.from(sent.slice(6), 'base64').toString()).toBe(`${CLIENT}:${SECRET}`);
    } finally {
      await front.close();
    }
  });

  it.each([
    ['cli', {}, 'set --client-auth / TOKENRELAY_CLIENT_AUTH / client_auth to client_secret_post'],
    [
      'cli',
      { TOKENRELAY_CLIENT_AUTH: 'client_secret_basic' },
      'set TOKENRELAY_CLIENT_AUTH to client_secret_post',
    ],
    ['action', {}, 'set input client-auth / TOKENRELAY_CLIENT_AUTH to client_secret_post'],
  ] as const)('refused as Basic (%s face): the hint says the server may want client_secret_post and what it lists', async (face, env, says) => {
    const front = await startLiteralBasicFront(provider, {
      clientId: CLIENT,
      clientSecret: SECRET,
      basic: false,
      methods: ['client_secret_post', 'private_key_jwt'],
    });
    try {
      const err = await rejection(obtain(front.issuer, env, face));
      expect(err.exitCode).toBe(4);
      expect(err.message).toContain('rejected the client credentials (invalid_client)');
      expect(err.hint).toContain('the server may not read credentials sent as HTTP Basic');
      expect(err.hint).toContain(says);
      expect(err.hint).toContain('(its metadata lists client_secret_post, private_key_jwt)');
      if (face === 'action') expect(err.hint).not.toMatch(/--[a-z]/);
    } finally {
      await front.close();
    }
  });

  it('client_secret_post, as the hint says, then works', async () => {
    const front = await startLiteralBasicFront(provider, {
      clientId: CLIENT,
      clientSecret: SECRET,
      basic: false,
    });
    try {
      const token = await obtain(front.issuer, { TOKENRELAY_CLIENT_AUTH: 'client_secret_post' });
      expect(token.accessToken).toMatch(/^ey/);
      expect(front.requests[0]!.authorization).toBeUndefined();
      expect(front.requests[0]!.form.client_id).toBe(CLIENT);
    } finally {
      await front.close();
    }
  });

  it('refused with client_secret_post, the hint names the setting and no Basic story', async () => {
    const front = await startLiteralBasicFront(provider, {
      clientId: CLIENT,
      clientSecret: 'other',
      basic: false,
    });
    try {
      const err = await rejection(obtain(front.issuer, { TOKENRELAY_CLIENT_AUTH: 'client_secret_post' }));
      expect(err.hint).not.toContain('Basic');
      expect(err.hint).toContain('the server may expect another method: set TOKENRELAY_CLIENT_AUTH');
    } finally {
      await front.close();
    }
  });
});
